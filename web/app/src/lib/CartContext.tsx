import { createContext, useContext, useEffect, useMemo, useReducer, type ReactNode } from 'react';
import { CART_STORAGE_KEY, cartReducer, loadCart, saveCart, type CartAction, type CartLine } from './cart';

interface CartValue {
  lignes: CartLine[];
  dispatch: (a: CartAction) => void;
}

const CartContext = createContext<CartValue | null>(null);

export function CartProvider({ children }: { children: ReactNode }) {
  const [lignes, dispatch] = useReducer(cartReducer, undefined, () => loadCart());
  useEffect(() => saveCart(lignes), [lignes]);
  // Another tab changed the cart: follow it.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === CART_STORAGE_KEY) dispatch({ type: 'remplacer', lignes: loadCart() });
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const value = useMemo(() => ({ lignes, dispatch }), [lignes]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartValue {
  const v = useContext(CartContext);
  if (!v) throw new Error('useCart outside CartProvider');
  return v;
}
