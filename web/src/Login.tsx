import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { describeAuthError } from './errors';
import { LOG_IN, SIGN_UP, type AuthVars, type LogInData, type SignUpData } from './operations';

type Mode = 'logIn' | 'signUp';

const TITLE: Record<Mode, string> = { logIn: 'Log in', signUp: 'Sign up' };

/** What must be filled in before asking the API (which alone judges names and passwords). */
function formProblem(name: string, password: string, mode: Mode): string | null {
  if (name === '') return 'Enter a user name.';
  if (password === '') return mode === 'logIn' ? 'Enter your password.' : 'Choose a password.';
  return null;
}

/**
 * Log in, or sign up for a new account. On success the gateway has set the httpOnly session
 * cookie (the response carries no token) and `onSignedIn` lets the app ask who is signed in.
 * `notice` is a problem the app found after a log-in (e.g. a browser that kept no cookie).
 */
export function Login({ onSignedIn, notice }: { onSignedIn: () => void; notice?: string | null }) {
  const [mode, setMode] = useState<Mode>('logIn');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [logIn, runLogIn] = useMutation<LogInData, AuthVars>(LOG_IN);
  const [signUp, runSignUp] = useMutation<SignUpData, AuthVars>(SIGN_UP);
  const busy = logIn.fetching || signUp.fetching;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // "alice " is alice: names are exact in the API, so the form trims (and NFC-normalises,
    // as the API requires) them here, once. A password is taken as typed.
    const user = name.trim().normalize('NFC');
    const p = formProblem(user, password, mode);
    setProblem(p);
    if (p) return;
    const vars = { input: { name: user, password } };
    const { error } = mode === 'logIn' ? await runLogIn(vars) : await runSignUp(vars);
    if (error) setProblem(describeAuthError(error));
    else onSignedIn();
  };
  const other: Mode = mode === 'logIn' ? 'signUp' : 'logIn';
  const shown = problem ?? notice;
  return (
    <form className="login" onSubmit={submit} aria-label={TITLE[mode]}>
      <h1>spamgraph</h1>
      <p>Your SMS inbox, with every message checked by three generations of spam models.</p>
      <h2>{mode === 'logIn' ? 'Log in' : 'Create an account'}</h2>
      <label htmlFor="user">User name</label>
      <input
        id="user"
        name="user"
        autoFocus
        autoComplete="username"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete={mode === 'logIn' ? 'current-password' : 'new-password'}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {shown && (
        <p role="alert" className="error">
          {shown}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {TITLE[mode]}
      </button>
      <button
        type="button"
        className="link"
        onClick={() => {
          setMode(other);
          setProblem(null);
        }}
      >
        {other === 'signUp' ? 'New here? Sign up' : 'Have an account? Log in'}
      </button>
    </form>
  );
}
