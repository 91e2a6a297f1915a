/** A polite live region: always rendered, so a message is announced the moment it appears. */
export function StatusLine({ children }: { children: string }) {
  return (
    <p role="status" className="form-status">
      {children}
    </p>
  );
}
