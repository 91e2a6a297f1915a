/**
 * A write the cashier may have to send again. When the answer to "record this
 * sale" is lost (the local backend restarted after committing, the request
 * timed out), pressing Pay again must not record a second sale. Each attempt
 * carries the new record's id and an `Idempotency-Key`; sending the same body
 * again reuses both, so the backend answers the sale it already recorded
 * instead of recording another. Anything changed in between (a line, a
 * tender, a PIN) is a new write with new ones.
 */
export interface AttemptIds {
  /** The id of the record the write creates. */
  id: string;
  /** Sent as `Idempotency-Key`: the backend's op id for this write. */
  key: string;
}

export class SubmitAttempt {
  private last: { body: string; ids: AttemptIds } | null = null;

  constructor(private readonly newId: () => string = () => crypto.randomUUID()) {}

  /** The ids for `body`: the last attempt's when the body is the same, new ones otherwise. */
  idsFor(body: unknown): AttemptIds {
    const text = JSON.stringify(body);
    if (this.last?.body !== text) this.last = { body: text, ids: { id: this.newId(), key: this.newId() } };
    return this.last.ids;
  }

  /** The write was answered: whatever comes next is a new record. */
  done(): void {
    this.last = null;
  }
}
