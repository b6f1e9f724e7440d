import { parJour, parStatut, stockBas } from '../dashboard';

describe('dashboard figures', () => {
  const now = new Date('2026-11-29T12:00:00Z');
  const commandes = [
    { statut: 'PAYEE' as const, dateCommande: '2026-11-29T09:00:00Z', total: 49.9 },
    { statut: 'ANNULEE' as const, dateCommande: '2026-11-29T10:00:00Z', total: 100 },
    { statut: 'LIVREE' as const, dateCommande: '2026-11-27T10:00:00Z', total: 20.1 },
    { statut: 'LIVREE' as const, dateCommande: '2026-10-01T10:00:00Z', total: 5 },
  ];
  it('counts orders and revenue per day, cancelled orders bring no revenue', () => {
    const j = parJour(commandes, 3, now);
    expect(j).toEqual([
      { jour: '2026-11-27', commandes: 1, chiffreAffaires: 20.1 },
      { jour: '2026-11-28', commandes: 0, chiffreAffaires: 0 },
      { jour: '2026-11-29', commandes: 2, chiffreAffaires: 49.9 },
    ]);
  });
  it('breaks down by status and lists low stock first', () => {
    expect(parStatut(commandes)).toEqual({ EN_ATTENTE: 0, PAYEE: 1, EXPEDIEE: 0, LIVREE: 2, ANNULEE: 1 });
    expect(stockBas([{ stock: 9 }, { stock: 3 }, { stock: 0 }]).map((p) => p.stock)).toEqual([0, 3]);
  });
});
