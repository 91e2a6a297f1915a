import { NavLink } from 'react-router';

export interface SubNavLink {
  to: string;
  label: string;
  /** Only this exact path marks the link current (for an area's index). */
  end?: boolean;
}

/** The sections of an area, as a named navigation landmark. */
export function SubNav({ label, links }: { label: string; links: readonly SubNavLink[] }) {
  return (
    <nav aria-label={label} className="sub-nav">
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} end={link.end}>
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
