import { FormEvent, useState } from 'react';

export function LoginView({ onLogin, error }: { onLogin(key: string): void; error: string | null }) {
  const [key, setKey] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) onLogin(key.trim());
  };
  return (
    <main className="login">
      <form className="card form" onSubmit={submit} aria-label="Log in">
        <h1>wabus console</h1>
        <label>
          API key
          <input type="password" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} placeholder="wabus_…" autoFocus />
        </label>
        <button type="submit">Log in</button>
        <p className="muted small">The key stays in this tab only (sessionStorage) and is sent to this gateway as a Bearer token.</p>
        {error && <p className="error">{error}</p>}
      </form>
    </main>
  );
}
