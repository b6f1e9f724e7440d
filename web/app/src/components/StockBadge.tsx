export function StockBadge({ stock }: { stock: number }) {
  if (stock <= 0)
    return (
      <span className="stock stock-rupture" data-testid="parfum-stock" data-en-stock="false">
        Rupture
      </span>
    );
  return (
    <span className="stock stock-ok" data-testid="parfum-stock" data-en-stock="true">
      En stock{stock <= 5 ? ` (plus que ${stock})` : ''}
    </span>
  );
}
