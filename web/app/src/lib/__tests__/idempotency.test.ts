import { runCheckout } from '../checkout';
import { checkoutKey, finishCheckout } from '../idempotency';

const adresse = { nomComplet: 'Camille', ligne1: '1 rue de la Paix', ligne2: '', codePostal: '75002', ville: 'Paris', pays: 'FR', telephone: '' };
const carte = { numero: '4242 4242 4242 4242', expiration: '12/30', cvc: '123', titulaire: 'Camille' };
const lignes = [{ parfumId: 'p1', quantite: 2 }];

describe('idempotency key', () => {
  it('is the same for every attempt on the same cart, and new after an order or a cart change', () => {
    const k1 = checkoutKey('p1x2');
    expect(checkoutKey('p1x2')).toBe(k1);
    const k2 = checkoutKey('p1x3');
    expect(k2).not.toBe(k1);
    finishCheckout();
    expect(checkoutKey('p1x3')).not.toBe(k2);
  });

  it('is reused when a failed attempt is retried', async () => {
    const keys: string[] = [];
    let fail = true;
    const calls = {
      tokeniser: vi.fn(async () => ({ token: 'pm_1' })),
      passer: vi.fn(async (input: { cleIdempotence: string }) => {
        keys.push(input.cleIdempotence);
        if (fail) {
          fail = false;
          return { error: 'réseau' };
        }
        return { id: 'cmd_1' };
      }),
    };
    const first = await runCheckout(calls, checkoutKey('p1x2'), lignes, adresse, carte);
    expect(first).toEqual({ ok: false, etape: 'commande', error: 'réseau' });
    const second = await runCheckout(calls, checkoutKey('p1x2'), lignes, adresse, carte);
    expect(second).toEqual({ ok: true, commandeId: 'cmd_1' });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('sends the card as digits and the address trimmed', async () => {
    const calls = {
      tokeniser: vi.fn(async () => ({ token: 'pm_1' })),
      passer: vi.fn(async () => ({ id: 'cmd_1' })),
    };
    await runCheckout(calls, 'k', lignes, { ...adresse, ville: ' Paris ' }, carte);
    expect(calls.tokeniser).toHaveBeenCalledWith({ numero: '4242424242424242', moisExpiration: 12, anneeExpiration: 2030, cvc: '123', titulaire: 'Camille' });
    expect(calls.passer).toHaveBeenCalledWith(expect.objectContaining({ cleIdempotence: 'k', tokenPaiement: 'pm_1', adresseLivraison: expect.objectContaining({ ville: 'Paris', ligne2: null }) }));
  });

  it('does not place the order when the card is refused by tokenisation', async () => {
    const calls = { tokeniser: vi.fn(async () => ({ error: 'carte' })), passer: vi.fn() };
    expect(await runCheckout(calls, 'k', lignes, adresse, carte)).toEqual({ ok: false, etape: 'carte', error: 'carte' });
    expect(calls.passer).not.toHaveBeenCalled();
  });
});
