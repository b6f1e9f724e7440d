import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fromValue, makeSubject } from 'wonka';
import { CombinedError, type Operation, type OperationResult } from 'urql';
import { GraphQLError } from 'graphql';
import Paiement from './Paiement';
import { fauxClient, rendre, sessionDe } from '../test/render';
import { saveCart } from '../lib/cart';

const estTokenisation = (op: Operation) => 'numero' in ((op.variables as { input: object }).input ?? {});

const ligne = { parfumId: 'prf_1', nom: 'Ambre', marque: 'M', prix: 49, image: '/i.svg', stock: 5, quantite: 2 };

async function remplir() {
  const u = userEvent.setup();
  await u.type(screen.getByLabelText('Adresse'), '1 rue de la Paix');
  await u.type(screen.getByLabelText('Code postal'), '75002');
  await u.type(screen.getByLabelText('Ville'), 'Paris');
  await u.type(screen.getByLabelText('Numéro de carte'), '4242424242424242');
  await u.type(screen.getByLabelText('Expiration (MM/AA)'), '12/39');
  await u.type(screen.getByLabelText('Code de sécurité'), '123');
  await u.type(screen.getByLabelText('Titulaire de la carte'), 'Camille');
}

describe('checkout', () => {
  it('checks the form before sending anything', async () => {
    saveCart([ligne]);
    const client = fauxClient({});
    rendre(<Paiement />, { path: '/commande', route: '/commande', session: sessionDe(), client });
    fireEvent.click(screen.getByTestId('payer'));
    expect(await screen.findByTestId('erreur-ligne1')).toHaveTextContent('Saisissez l’adresse.');
    expect(screen.getByTestId('erreur-numero')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Adresse')).toHaveFocus();
  });

  it('places one order on a double click, and retries with the same key', async () => {
    saveCart([ligne]);
    const commande = makeSubject<OperationResult>();
    const keys: string[] = [];
    const client = fauxClient({
      executeMutation: vi.fn((op: Operation) => {
        if (estTokenisation(op))
          return fromValue({ operation: op, data: { tokeniserCarte: { token: 'pm_1', marque: 'visa', derniersChiffres: '4242' } }, stale: false, hasNext: false } as OperationResult);
        keys.push((op.variables as { input: { cleIdempotence: string } }).input.cleIdempotence);
        return commande.source;
      }) as never,
    });
    rendre(<Paiement />, { path: '/commande', route: '/commande', session: sessionDe(), client, extra: [{ path: '/commandes/:id', element: <p>Suivi</p> }] });
    await remplir();
    fireEvent.click(screen.getByTestId('payer'));
    fireEvent.click(screen.getByTestId('payer'));
    await waitFor(() => expect(keys).toHaveLength(1));
    expect(keys[0]).toMatch(/\w{8,}/);
    expect(screen.getByTestId('payer')).toBeDisabled();
    fireEvent.click(screen.getByTestId('payer'));
    expect(keys).toHaveLength(1);
  });

  it('shows a server error next to its field and reuses the key on retry', async () => {
    saveCart([ligne]);
    const keys: string[] = [];
    let n = 0;
    const client = fauxClient({
      executeMutation: vi.fn((op: Operation) => {
        if (estTokenisation(op))
          return fromValue({ operation: op, data: { tokeniserCarte: { token: 'pm_1', marque: 'visa', derniersChiffres: '4242' } }, stale: false, hasNext: false } as OperationResult);
        keys.push((op.variables as { input: { cleIdempotence: string } }).input.cleIdempotence);
        n += 1;
        return fromValue({
          operation: op,
          data: undefined,
          error: n === 1 ? new CombinedError({ graphQLErrors: [new GraphQLError('adresseLivraison.codePostal: not a postal code of FR', { extensions: { code: 'BAD_USER_INPUT' } })] }) : undefined,
          stale: false,
          hasNext: false,
          ...(n > 1 ? { data: { passerCommande: { id: 'cmd_1' } } } : {}),
        } as OperationResult);
      }) as never,
    });
    rendre(<Paiement />, { path: '/commande', route: '/commande', session: sessionDe(), client, extra: [{ path: '/commandes/:id', element: <p>Suivi de la commande</p> }] });
    await remplir();
    fireEvent.click(screen.getByTestId('payer'));
    expect(await screen.findByTestId('erreur-codePostal')).toHaveTextContent('not a postal code of FR');
    fireEvent.click(screen.getByTestId('payer'));
    await waitFor(() => expect(keys).toHaveLength(2));
    expect(await screen.findByText('Suivi de la commande')).toBeInTheDocument();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/\w{8,}/);
    expect(keys[0]).toBe(keys[1]);
  });
});
