/** Shared shapes for quantities and money in the catalog, stock and sales APIs. */
import { z } from 'zod';

export const UNITS = ['unit', 'kg', 'l', 'm'] as const;
export type Unit = (typeof UNITS)[number];

/** Quantities travel as decimal numbers with at most 3 decimals and are stored as thousandths. */
export const quantity = z
  .number({ message: 'quantity-not-a-number' })
  .finite({ message: 'quantity-not-a-number' })
  .refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, { message: 'quantity-too-precise' })
  .refine((n) => Math.abs(n) <= 1_000_000_000, { message: 'quantity-too-large' });
export const positiveQuantity = quantity.refine((n) => n > 0, { message: 'quantity-not-positive' });

export const toMilli = (q: number): number => Math.round(q * 1000);
export const fromMilli = (m: number): number => m / 1000;

/** Money in integer minor units of the business's currency. */
export const money = z
  .number({ message: 'amount-not-a-number' })
  .int({ message: 'amount-not-whole-minor-units' })
  .min(0, { message: 'amount-negative' })
  .max(1_000_000_000_000, { message: 'amount-too-large' });

/** Tax rate in basis points: 2100 = 21 %. */
export const taxRateBp = z
  .number()
  .int({ message: 'tax-rate-invalid' })
  .min(0, { message: 'tax-rate-invalid' })
  .max(10_000, { message: 'tax-rate-invalid' });
