/**
 * What one client request lends the subgraph calls made for it: an AbortSignal that fires when
 * the request's deadline passes or the client goes away (so the gateway stops waiting and the
 * subgraph sees its connection close), and a byte budget for the subgraphs' answers.
 */
import type express from 'express';
import { DeadlineExceededError, SpamgraphError } from '../platform/errors';

/** The per-request state subgraph calls read (through the GatewayContext). */
export interface RequestScope {
  signal: AbortSignal;
  /**
   * Bytes the subgraphs may still send for this request (see httpFetcher's `maxBytes`);
   * `exceeded` once a call was cut off for it.
   */
  budget: { remaining: number; exceeded?: boolean };
  /** Who the request is charged to (rateLimit.ts `principalOf`). */
  principal: string;
  /** Gives back a heavy operation's admission (admission.ts); called when the response ends. */
  release?: () => void;
}

/** The reason a request's signal fires when its client disconnects. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientGoneError';
  }
}

/** Options of {@link requestScope}. */
export interface RequestScopeOptions {
  deadlineMs: number;
  maxResponseBytes: number;
  principalOf: (req: express.Request, res: express.Response) => string;
}

/** The scope {@link requestScope} left on `res.locals`. */
export function scopeOf(res: express.Response): RequestScope | undefined {
  return (res.locals as { scope?: RequestScope }).scope;
}

/**
 * Middleware: starts the request's deadline and watches for the client leaving. The timer
 * starts when the request arrives, so reading a slow body counts against it.
 */
export function requestScope(opts: RequestScopeOptions): express.RequestHandler {
  return (req, res, next) => {
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new DeadlineExceededError(`the request took longer than ${opts.deadlineMs} ms`),
        ),
      opts.deadlineMs,
    );
    timer.unref();
    res.once('close', () => {
      clearTimeout(timer);
      scope.release?.();
      if (!res.writableFinished) controller.abort(new ClientGoneError());
    });
    const scope: RequestScope = {
      signal: controller.signal,
      budget: { remaining: opts.maxResponseBytes },
      principal: opts.principalOf(req, res),
    };
    (res.locals as { scope?: RequestScope }).scope = scope;
    next();
  };
}

/** The deadline error when the signal fired for the deadline, else undefined. */
export function deadlineOf(signal: AbortSignal | undefined): SpamgraphError | undefined {
  const reason: unknown = signal?.aborted ? signal.reason : undefined;
  return reason instanceof DeadlineExceededError ? reason : undefined;
}
