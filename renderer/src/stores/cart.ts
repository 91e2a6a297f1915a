import { create } from 'zustand';
import { type Cart, type CartAction, cartReducer, EMPTY_CART } from '../screens/sales/cart';

interface CartState {
  cart: Cart;
  dispatch(action: CartAction): void;
}

/** The open sale at this counter; it survives leaving the sale screen (to open a shift, say). */
export const useCart = create<CartState>()((set) => ({
  cart: EMPTY_CART,
  dispatch: (action) => set((state) => ({ cart: cartReducer(state.cart, action) })),
}));
