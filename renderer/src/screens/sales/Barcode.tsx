import { barsOf, encodable } from './code128';

/**
 * A Code 128 barcode of `value` (the receipt number), drawn as SVG so it prints sharp on a
 * thermal roll and on A4; nothing when the value has characters code set B cannot carry.
 * Hidden from screen readers: the number is printed as text beside it.
 */
export function Barcode({ value, label }: { value: string; label: string }) {
  if (!encodable(value)) return null;
  const { bars, modules } = barsOf(value);
  return (
    <svg
      className="receipt-barcode"
      viewBox={`0 0 ${modules} 40`}
      preserveAspectRatio="none"
      shapeRendering="crispEdges"
      aria-hidden="true"
      data-value={value}
    >
      <title>{label}</title>
      <rect x={0} y={0} width={modules} height={40} fill="#fff" />
      {bars.map((bar) => (
        <rect key={bar.x} x={bar.x} y={0} width={bar.width} height={40} fill="#000" />
      ))}
    </svg>
  );
}
