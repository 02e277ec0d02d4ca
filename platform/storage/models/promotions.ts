/**
 * The promotions concern: which model version is the champion (answers when none is named)
 * and which is the challenger (scores the same traffic in the shadow), as chosen by
 * `npx spamgraph models promote`. Append-only: the newest row is the current choice and the
 * rows before it are the history an operator can read back.
 */

/** One promotion. */
export interface Promotion {
  /** e.g. `V4`. */
  champion: string;
  /** null: no shadow scoring. */
  challenger: string | null;
  promotedAt: Date;
  /** Who ran it (the operator's name or `cli`). */
  promotedBy: string;
}

export interface PromotionStore {
  /** Creates the table when missing (idempotent). */
  init(): Promise<void>;
  record(promotion: Promotion): Promise<void>;
  /** The newest promotions first, at most `limit` (the first is the current choice). */
  history(limit: number): Promise<Promotion[]>;
}
