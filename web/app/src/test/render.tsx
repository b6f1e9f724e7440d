import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { Provider, type Client } from 'urql';
import { never } from 'wonka';
import { AuthProvider } from '../lib/AuthContext';
import { CartProvider } from '../lib/CartContext';
import type { Session } from '../lib/session';

export const sessionDe = (role: 'CLIENT' | 'ADMIN' = 'CLIENT'): Session => ({
  token: 'jeton',
  expireLe: '2099-01-01T00:00:00Z',
  compte: { id: 'cpt_1', email: 'camille@example.fr', nom: 'Camille', role },
});

/** A urql client whose operations answer with the given functions (never, by default). */
export function fauxClient(parts: Partial<Pick<Client, 'executeQuery' | 'executeMutation' | 'executeSubscription'>>): Client {
  return {
    executeQuery: vi.fn(() => never),
    executeMutation: vi.fn(() => never),
    executeSubscription: vi.fn(() => never),
    ...parts,
  } as unknown as Client;
}

export function rendre(ui: ReactElement, { path = '/', route = '/', session = null as Session | null, client = fauxClient({}), extra = [] as Array<{ path: string; element: ReactElement }> } = {}) {
  return render(
    <MemoryRouter initialEntries={[route]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <AuthProvider initial={session}>
        <CartProvider>
          <Provider value={client}>
            <Routes>
              <Route path={path} element={ui} />
              {extra.map((e) => (
                <Route key={e.path} path={e.path} element={e.element} />
              ))}
            </Routes>
          </Provider>
        </CartProvider>
      </AuthProvider>
    </MemoryRouter>,
  );
}
