import { guard, loadSession, saveSession, type Session } from '../session';

const s = (role: 'CLIENT' | 'ADMIN', expireLe = '2099-01-01T00:00:00Z'): Session => ({
  token: 't',
  expireLe,
  compte: { id: 'c', email: 'c@example.fr', nom: 'C', role },
});

describe('session and route guard', () => {
  it('keeps the session and drops it once expired', () => {
    saveSession(s('CLIENT'));
    expect(loadSession()?.token).toBe('t');
    saveSession(s('CLIENT', '2000-01-01T00:00:00Z'));
    expect(loadSession()).toBeNull();
    expect(localStorage.getItem('parfumerie.session')).toBeNull();
  });

  it('guards routes by sign-in and role', () => {
    expect(guard(null)).toBe('login');
    expect(guard(s('CLIENT'))).toBe('ok');
    expect(guard(s('CLIENT'), 'ADMIN')).toBe('forbidden');
    expect(guard(s('ADMIN'), 'ADMIN')).toBe('ok');
    expect(guard(s('ADMIN', '2000-01-01T00:00:00Z'), 'ADMIN')).toBe('login');
  });
});
