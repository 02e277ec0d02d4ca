import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
// Not crypto.randomUUID: browsers offer it on https and localhost only, and the app is also
// opened at http://<host>:4000 on a LAN.
import { v4 as uuidv4 } from 'uuid';
import { describeError } from './errors';
import { RECEIVE_SMS, type ReceiveData, type ReceiveVars } from './operations';

/**
 * Sends a message to the signed-in user's own inbox (the API lets a user deliver to no other)
 * through `receiveSms`, the ingestion path: the message is stored and its features pushed. One
 * idempotency key per message, so a retried click never stores it twice.
 */
export function ReceiveForm({ user }: { user: string }) {
  const [sender, setSender] = useState('');
  const [text, setText] = useState('');
  const [key, setKey] = useState(() => uuidv4());
  const [{ fetching, error, data }, receive] = useMutation<ReceiveData, ReceiveVars>(RECEIVE_SMS);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await receive({
      input: { recipientId: user, senderId: sender || 'unknown', text, idempotencyKey: key },
    });
    if (!result.error) {
      setText('');
      setKey(uuidv4()); // the next message is a new one
    }
  };
  return (
    <form className="receive" onSubmit={submit} aria-label="Send a message">
      <h2>Send {user} a message</h2>
      <input
        name="sender"
        aria-label="From"
        placeholder="From (a number or a name)"
        value={sender}
        onChange={(e) => setSender(e.target.value)}
      />
      <textarea
        name="text"
        aria-label="Message"
        placeholder="Message text"
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" disabled={fetching}>
        {fetching ? 'Sending…' : 'Send'}
      </button>
      {error && (
        <p role="alert" className="error">
          {describeError(error)}
        </p>
      )}
      {data && !error && !data.receiveSms.featuresStored && (
        <p className="note">
          Stored; its features will be computed when the feature store is back.
        </p>
      )}
    </form>
  );
}
