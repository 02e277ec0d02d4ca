import { useState } from 'react';
import { Inbox } from './Inbox';
import { Login } from './Login';
import type { ModelVersion } from './operations';
import { ReceiveForm } from './ReceiveForm';
import { loadUser, saveUser } from './session';
import { VersionPicker } from './VersionPicker';

export function App() {
  const [user, setUser] = useState<string | null>(loadUser);
  const [version, setVersion] = useState<ModelVersion>('V3');
  const switchUser = (u: string | null) => {
    saveUser(u);
    setUser(u);
  };
  if (user === null) return <Login onLogin={switchUser} />;
  return (
    <div className="app">
      <header>
        <h1>spamgraph</h1>
        <span className="user" aria-label="Logged in as">
          {user}
        </span>
        <VersionPicker value={version} onChange={setVersion} />
        <button type="button" onClick={() => switchUser(null)}>
          Log out
        </button>
      </header>
      <main>
        <ReceiveForm user={user} />
        {/* A new user is a new inbox: remount so its pages start from the newest again. */}
        <Inbox key={user} user={user} version={version} />
      </main>
    </div>
  );
}
