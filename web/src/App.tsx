import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { describeError } from './errors';
import { Inbox } from './Inbox';
import { Login } from './Login';
import { LOG_OUT, ME, MODELS, type MeData, type ModelVersion, type ModelsData } from './operations';
import { ReceiveForm } from './ReceiveForm';
import { VersionPicker } from './VersionPicker';

const NO_COOKIE =
  'You are signed in, but this browser kept no session cookie: allow cookies for this site.';

/**
 * Asks the API who is signed in (`me`: the httpOnly session cookie decides; nothing about the
 * user is kept in the page's storage), then shows the log-in form or that user's inbox.
 * `onSignedOut` ends the session in the app (Root starts over with an empty cache).
 */
export function App({ onSignedOut }: { onSignedOut: () => void }) {
  const [me, refetchMe] = useQuery<MeData>({ query: ME, requestPolicy: 'network-only' });
  const [loggingOut, logOut] = useMutation<{ logOut: boolean }>(LOG_OUT);
  // The version the user picked; until then the served default (the champion).
  const [picked, setPicked] = useState<ModelVersion | null>(null);
  const [models] = useQuery<ModelsData>({ query: MODELS, pause: !me.data?.me });
  const champion = models.data?.models.find((m) => m.champion)?.version;
  const version = picked ?? champion ?? (models.error ? 'V1' : null);
  // Set by a successful log-in: `me` must then name someone, or the cookie was not kept.
  const [signedIn, setSignedIn] = useState(false);

  if (me.error) {
    return (
      <div className="app" role="alert">
        <p className="error">{describeError(me.error)}</p>
        <button type="button" onClick={() => refetchMe({ requestPolicy: 'network-only' })}>
          Try again
        </button>
      </div>
    );
  }
  if (!me.data) return <p className="note">Loading…</p>;
  const account = me.data.me;
  if (!account) {
    return (
      <Login
        notice={signedIn && !me.fetching ? NO_COOKIE : null}
        onSignedIn={() => {
          setSignedIn(true);
          refetchMe({ requestPolicy: 'network-only' });
        }}
      />
    );
  }
  // The user's inbox is the one named after their account.
  const user = account.name;
  const signOut = async () => {
    // logOut answers false for a session that had already ended: signed out all the same.
    const { error } = await logOut({});
    if (!error) onSignedOut();
  };
  return (
    <div className="app">
      <header>
        <h1>spamgraph</h1>
        <span className="user" aria-label="Logged in as">
          {user}
        </span>
        {version && <VersionPicker value={version} onChange={setPicked} />}
        <button type="button" onClick={() => void signOut()} disabled={loggingOut.fetching}>
          Log out
        </button>
      </header>
      {loggingOut.error && (
        <p role="alert" className="error">
          Could not log out: {describeError(loggingOut.error)}
        </p>
      )}
      <main>
        <ReceiveForm user={user} />
        {/* A new user is a new inbox: remount so its pages start from the newest again. */}
        {version ? (
          <Inbox key={user} user={user} version={version} />
        ) : (
          <p className="note">Loading…</p>
        )}
      </main>
    </div>
  );
}
