import { useState, type FormEvent } from 'react';
import { userNameProblem } from './session';

/** "Log in" by name: there are no passwords in this demo, a name picks an inbox. */
export function Login({ onLogin }: { onLogin: (user: string) => void }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // "alice " is alice: ids are exact in the API, so the name is trimmed here, once.
    const user = name.trim();
    const p = userNameProblem(user);
    setProblem(p);
    if (!p) onLogin(user);
  };
  return (
    <form className="login" onSubmit={submit} aria-label="Log in">
      <h1>spamgraph</h1>
      <p>Your SMS inbox, with every message checked by three generations of spam models.</p>
      <label htmlFor="user">User name</label>
      <input
        id="user"
        name="user"
        autoFocus
        autoComplete="username"
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="alice, bob or carol have sample messages"
      />
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <button type="submit">Log in</button>
    </form>
  );
}
