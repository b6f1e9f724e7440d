import { cartCount, cartFingerprint, cartReducer, cartTotalCentimes, loadCart, saveCart, type CartLine } from '../cart';

const base = { parfumId: 'p1', nom: 'Ambre', marque: 'M', prix: 49.9, image: '/i.svg', stock: 4 };

describe('cart', () => {
  it('adds, merges lines and caps quantity at the stock and at 10', () => {
    let c = cartReducer([], { type: 'ajouter', ligne: base, quantite: 2 });
    c = cartReducer(c, { type: 'ajouter', ligne: base, quantite: 3 });
    expect(c).toHaveLength(1);
    expect(c[0].quantite).toBe(4); // stock 4
    c = cartReducer(c, { type: 'ajouter', ligne: { ...base, parfumId: 'p2', stock: 50 }, quantite: 12 });
    expect(c[1].quantite).toBe(10);
    expect(cartCount(c)).toBe(14);
  });

  it('changes quantity within 1..10 and removes lines', () => {
    let c = cartReducer([], { type: 'ajouter', ligne: { ...base, stock: 20 }, quantite: 1 });
    c = cartReducer(c, { type: 'quantite', parfumId: 'p1', quantite: 0 });
    expect(c[0].quantite).toBe(1);
    c = cartReducer(c, { type: 'quantite', parfumId: 'p1', quantite: 99 });
    expect(c[0].quantite).toBe(10);
    c = cartReducer(c, { type: 'retirer', parfumId: 'p1' });
    expect(c).toEqual([]);
  });

  it('totals in cents without float drift', () => {
    const c: CartLine[] = [
      { ...base, prix: 0.1, quantite: 3 },
      { ...base, parfumId: 'p2', prix: 0.2, quantite: 1 },
    ];
    expect(cartTotalCentimes(c)).toBe(50);
  });

  it('survives a reload through localStorage and ignores damaged data', () => {
    const c = cartReducer([], { type: 'ajouter', ligne: base, quantite: 2 });
    saveCart(c);
    expect(loadCart()).toEqual(c);
    localStorage.setItem('parfumerie.panier', '{pas du json');
    expect(loadCart()).toEqual([]);
    localStorage.setItem('parfumerie.panier', JSON.stringify([{ parfumId: 'x' }, ...c]));
    expect(loadCart()).toEqual(c);
  });

  it('fingerprints the content regardless of order', () => {
    const a = cartReducer(cartReducer([], { type: 'ajouter', ligne: base, quantite: 1 }), { type: 'ajouter', ligne: { ...base, parfumId: 'p2' }, quantite: 2 });
    const b = [...a].reverse();
    expect(cartFingerprint(a)).toBe(cartFingerprint(b));
    expect(cartFingerprint(a)).not.toBe(cartFingerprint(cartReducer(a, { type: 'quantite', parfumId: 'p2', quantite: 3 })));
  });
});
