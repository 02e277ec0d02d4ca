/** Who is "logged in": a user name, kept in localStorage so a reload keeps the session. */
const KEY = 'spamgraph.user';

/** The same limits the API applies to user ids (1–128 characters, no control characters). */
export function userNameProblem(name: string): string | null {
  if (name.trim() === '') return 'Enter a user name.';
  if ([...name].length > 128) return 'A user name has at most 128 characters.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'A user name cannot hold control characters.';
  return null;
}

export function loadUser(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the session lasts until reload
  }
}

export function saveUser(user: string | null): void {
  try {
    if (user === null) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, user);
  } catch {
    // storage disabled: nothing to keep
  }
}
