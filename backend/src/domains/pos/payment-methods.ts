/**
 * The one check of a payment method against the business's: cash, card and the methods it added in
 * its POS settings (`PosSettings.paymentMethods`). Wherever money is taken by a method, a method the
 * business does not take (a typo, "bitcoin", one it stopped offering, one no settings could ever
 * name such as "Bono regalo!") is refused the same way: 400 `payment-method-unknown` on the field
 * that named it. docs/api/pos.md.
 */
import { DomainError } from '../../core/errors.js';

/** As the business's methods are written: trimmed, lower case ("Card " is card). */
export const normalPaymentMethod = (method: string) => method.trim().toLowerCase();

/** The method as the business names it, or 400 `payment-method-unknown` on `field`. */
export function takenPaymentMethod(methods: readonly string[], method: string, field: string): string {
  const normal = normalPaymentMethod(method);
  if (!methods.includes(normal)) {
    throw new DomainError(
      'payment-method-unknown',
      400,
      'This business does not take that payment method',
      field,
    );
  }
  return normal;
}
