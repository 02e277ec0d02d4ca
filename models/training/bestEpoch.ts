/**
 * Model selection by epoch on the validation rows: keep the weights of the epoch with the best
 * validation accuracy (ties → the lower validation loss), optionally stop after `patience`
 * epochs without a better one, and put the kept weights back at the end — Keras'
 * `EarlyStopping(monitor='val_accuracy', patience=n, restore_best_weights=True)`, with a tie
 * break on the loss because accuracy on a few hundred rows moves in steps.
 */
import type { tf } from '../classifiers/tfjsBackend';

/** How one epoch did on the validation rows. */
export interface EpochScore {
  /** 1-based. */
  epoch: number;
  accuracy: number;
  /** Mean sparse categorical cross-entropy. */
  loss: number;
}

/** Whether `a` is better than `b`: higher accuracy, or the same accuracy and a lower loss. */
export function isBetterEpoch(a: EpochScore, b: EpochScore | undefined): boolean {
  if (b === undefined) return true;
  return a.accuracy > b.accuracy || (a.accuracy === b.accuracy && a.loss < b.loss);
}

/** What {@link BestWeights.observe} decided about an epoch. */
export interface EpochVerdict {
  /** The epoch is the best so far; its weights were kept. */
  improved: boolean;
  /** `patience` epochs in a row brought nothing better: stop training. */
  stop: boolean;
}

/** Keeps a copy of a model's weights at its best epoch so far. */
export class BestWeights {
  private bestScore: EpochScore | undefined;
  private kept: tf.Tensor[] | undefined;
  private sinceBest = 0;

  /**
   * @param model - the model being trained
   * @param patience - stop after this many epochs in a row without a better one (positive
   *   integer; undefined: never stop early)
   * @throws RangeError when `patience` is not a positive integer.
   */
  constructor(
    private readonly model: tf.LayersModel,
    private readonly patience?: number,
  ) {
    if (patience !== undefined && !(Number.isInteger(patience) && patience >= 1)) {
      throw new RangeError(`patience must be a positive integer, got ${patience}`);
    }
  }

  /** The best epoch so far (undefined before the first). */
  get best(): EpochScore | undefined {
    return this.bestScore;
  }

  /**
   * Records how the model's current weights did after an epoch; keeps a copy of them when
   * they are the best so far.
   *
   * @throws RangeError when the scores are not finite or the epochs do not increase.
   */
  observe(score: EpochScore): EpochVerdict {
    if (!Number.isFinite(score.accuracy) || Number.isNaN(score.loss)) {
      throw new RangeError(
        `epoch ${score.epoch}: validation accuracy ${score.accuracy}, loss ${score.loss}`,
      );
    }
    if (this.bestScore && score.epoch <= this.bestScore.epoch) {
      throw new RangeError(`epoch ${score.epoch} after epoch ${this.bestScore.epoch}`);
    }
    const improved = isBetterEpoch(score, this.bestScore);
    if (improved) {
      const copy = this.model.getWeights().map((w) => w.clone());
      this.kept?.forEach((w) => w.dispose());
      this.kept = copy;
      this.bestScore = { ...score };
      this.sinceBest = 0;
    } else {
      this.sinceBest++;
    }
    return {
      improved,
      stop: this.patience !== undefined && this.sinceBest >= this.patience,
    };
  }

  /**
   * Puts the best epoch's weights back into the model.
   *
   * @returns the best epoch
   * @throws Error when no epoch was observed.
   */
  restore(): EpochScore {
    if (!this.kept || !this.bestScore) throw new Error('no epoch observed: nothing to restore');
    this.model.setWeights(this.kept);
    return { ...this.bestScore };
  }

  /** Frees the kept copy. */
  dispose(): void {
    this.kept?.forEach((w) => w.dispose());
    this.kept = undefined;
  }
}
