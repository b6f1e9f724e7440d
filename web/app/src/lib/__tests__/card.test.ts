import { cardBrand, expiryValid, formatCardNumber, luhnValid, parseExpiry, validateCard } from '../card';

const now = new Date(2026, 10, 29); // November 2026

describe('card validation', () => {
  it('checks the Luhn sum', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242 4242 4242 4242')).toBe(true);
    expect(luhnValid('4000000000000002')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('1234')).toBe(false);
    expect(luhnValid('4242a24242424242')).toBe(false);
  });

  it('parses and checks expiry dates', () => {
    expect(parseExpiry('12/27')).toEqual({ mois: 12, annee: 2027 });
    expect(parseExpiry('1/2030')).toEqual({ mois: 1, annee: 2030 });
    expect(parseExpiry('13/27')).toBeNull();
    expect(parseExpiry('1227')).toBeNull();
    expect(expiryValid(11, 2026, now)).toBe(true); // valid through the end of its month
    expect(expiryValid(10, 2026, now)).toBe(false);
  });

  it('reports every problem in French', () => {
    expect(validateCard({ numero: '', expiration: '', cvc: '', titulaire: '' }, now)).toEqual({
      numero: expect.stringMatching(/numéro/),
      expiration: expect.stringMatching(/expiration/),
      cvc: expect.stringMatching(/sécurité/),
      titulaire: expect.stringMatching(/titulaire/),
    });
    expect(validateCard({ numero: '4242 4242 4242 4241', expiration: '10/26', cvc: '12', titulaire: 'A' }, now)).toEqual({
      numero: expect.stringMatching(/pas valide/),
      expiration: 'Cette carte a expiré.',
      cvc: 'Le code de sécurité a 3 chiffres.',
    });
    expect(validateCard({ numero: '4242 4242 4242 4242', expiration: '12/30', cvc: '123', titulaire: 'Camille' }, now)).toEqual({});
  });

  it('formats the number and tells the brand', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(cardBrand('4242')).toBe('Visa');
    expect(cardBrand('5555')).toBe('Mastercard');
    expect(cardBrand('9999')).toBeNull();
  });
});
