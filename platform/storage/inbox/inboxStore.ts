/**
 * The inbox concern: each user's received messages, newest first, and any message by id.
 */

/** A message as stored. `receivedAt` is derived from the TIMEUUID id. */
export interface StoredSms {
  smsId: string;
  recipientId: string;
  senderId: string;
  text: string;
  receivedAt: Date;
}

/** What a caller gives to store a new message; the store assigns nothing but checks nothing. */
export interface NewSms {
  smsId: string;
  recipientId: string;
  senderId: string;
  text: string;
}

/** One page of an inbox, newest first. */
export interface InboxPage {
  items: StoredSms[];
  /** True when older messages follow the last item. */
  hasMore: boolean;
}

/** One page of a scan over every message of every inbox. */
export interface ScanPage {
  items: StoredSms[];
  /** Pass as `after` for the next page; null when the scan is complete. */
  next: string | null;
}

/** Storage of inboxes; one implementation per backend, all passing the same contract tests. */
export interface InboxStore {
  /** Creates tables and indexes when missing; safe to call any number of times. */
  init(): Promise<void>;
  /** Stores a message (id chosen by the caller, already validated). Same id twice: overwritten. */
  insert(sms: NewSms): Promise<StoredSms>;
  /**
   * Messages of `userId`, newest first: at most `limit`, strictly older than `beforeSmsId`
   * when given.
   */
  listInbox(userId: string, opts: { limit: number; beforeSmsId?: string }): Promise<InboxPage>;
  /** One message of one user, or null (absent, or another user's). */
  get(userId: string, smsId: string): Promise<StoredSms | null>;
  /** Messages by id alone, in the order asked; null where absent. Batched in one call. */
  getMany(smsIds: readonly string[]): Promise<(StoredSms | null)[]>;
  /**
   * Every message of every inbox, a page at a time, in an order of the backend's choosing
   * (backfill jobs). Messages stored during a scan may or may not be seen.
   *
   * @param after - the previous page's `next`; omitted for the first page
   */
  scan(opts: { limit: number; after?: string }): Promise<ScanPage>;
}
