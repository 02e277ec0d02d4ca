import { useState } from 'react';
import { Provider, type Client } from 'urql';
import { App } from './App';
import { createClient } from './client';

interface Session {
  /** Counts ended sessions: the app below starts afresh with each one. */
  generation: number;
  client: Client;
}

/**
 * Owns the urql client: a new one (an empty cache) whenever the session ends, by "Log out" or
 * because the API no longer recognises it, so nothing the last user saw outlives their session.
 */
export function Root() {
  const [session, setSession] = useState<Session>(() => start(0));
  // Only the current client's session can end: a late answer to an old one changes nothing.
  function end(from: Client) {
    setSession((s) => (s.client === from ? start(s.generation + 1) : s));
  }
  function start(generation: number): Session {
    return { generation, client: createClient(end) };
  }
  return (
    <Provider value={session.client}>
      <App key={session.generation} onSignedOut={() => end(session.client)} />
    </Provider>
  );
}
