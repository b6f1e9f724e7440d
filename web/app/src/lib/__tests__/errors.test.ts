import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { splitFieldMessage, toUiError } from '../errors';

const gqlError = (message: string, code: string) => new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code } })] });

describe('error mapping', () => {
  it('splits "field: message" and maps server names to form names', () => {
    expect(splitFieldMessage('adresseLivraison.codePostal: must be 5 digits')).toEqual(['codePostal', 'must be 5 digits']);
    expect(splitFieldMessage('lignes[0].quantite: must be between 1 and 10 per perfume')).toEqual(['quantite', 'must be between 1 and 10 per perfume']);
    expect(splitFieldMessage('password: at least 8 characters')).toEqual(['motDePasse', 'at least 8 characters']);
    expect(splitFieldMessage('no field here')).toBeNull();
  });

  it('puts BAD_USER_INPUT next to a known field, translated', () => {
    const ui = toUiError(gqlError('numero: invalid card number (checksum failed); check the digits', 'BAD_USER_INPUT'), ['numero']);
    expect(ui).toEqual({ code: 'BAD_USER_INPUT', fields: { numero: 'Ce numéro de carte n’est pas valide : vérifiez les chiffres.' }, message: '' });
    const general = toUiError(gqlError('lignes[0].quantite: must be between 1 and 10 per perfume', 'BAD_USER_INPUT'), ['numero']);
    expect(general?.fields).toEqual({});
    expect(general?.message).toBe('Entre 1 et 10 exemplaires par parfum.');
  });

  it('gives a general French message for other codes', () => {
    expect(toUiError(gqlError('version 3 expected, found 4', 'CONFLICT'))?.message).toMatch(/modifié entre-temps/);
    expect(toUiError(gqlError('not enough stock for "Ambre Blanc"', 'FAILED_PRECONDITION'))?.message).toBe(
      'Stock insuffisant pour « Ambre Blanc ». Réduisez la quantité ou retirez-le du panier.',
    );
    expect(toUiError(gqlError('email or password is incorrect', 'UNAUTHENTICATED'))?.message).toBe('E-mail ou mot de passe incorrect.');
  });

  it('recognises a network failure', () => {
    const ui = toUiError(new CombinedError({ networkError: new TypeError('Failed to fetch') }));
    expect(ui?.code).toBe('NETWORK');
    expect(ui?.message).toMatch(/Connexion au serveur impossible/);
  });
});
