import { screen } from '@testing-library/react';
import { RequireAuth } from './Guards';
import { rendre, sessionDe } from '../test/render';

describe('RequireAuth', () => {
  const page = (
    <RequireAuth role="ADMIN">
      <p>Back-office secret</p>
    </RequireAuth>
  );
  const connexion = { path: '/connexion', element: <p>Page de connexion</p> };

  it('sends a visitor to sign in', () => {
    rendre(page, { path: '/admin', route: '/admin', extra: [connexion] });
    expect(screen.getByText('Page de connexion')).toBeInTheDocument();
    expect(screen.queryByText('Back-office secret')).not.toBeInTheDocument();
  });

  it('refuses a customer', () => {
    rendre(page, { path: '/admin', route: '/admin', session: sessionDe('CLIENT'), extra: [connexion] });
    expect(screen.getByTestId('acces-refuse')).toBeInTheDocument();
    expect(screen.queryByText('Back-office secret')).not.toBeInTheDocument();
  });

  it('lets an operator in', () => {
    rendre(page, { path: '/admin', route: '/admin', session: sessionDe('ADMIN'), extra: [connexion] });
    expect(screen.getByText('Back-office secret')).toBeInTheDocument();
  });
});
