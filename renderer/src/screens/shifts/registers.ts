/**
 * Naming a register (a device) in the shifts screens. The hub keeps the name each console was
 * enrolled with ("Caja 1"), and lists it to the owner of a hub-served console; elsewhere a register
 * is shown by the tag its receipt numbers carry (`T-AB12-000042`), and the one in use as "this
 * register".
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { can, type Role } from '../../contract';
import type { Translator } from '../../i18n';
import { hubApi } from '../settings/hub/hub-api';
import { useServerMode } from '../settings/hub/useServerMode';

/**
 * The tag a device's receipt numbers carry: the last four hex digits of its id, upper-case
 * (backend/src/core/numbering.ts `deviceTag`). The hub gives a longer one, more digits of the same
 * id, only to a device whose four would repeat another's in the business.
 */
export function registerTag(deviceId: string): string {
  return deviceId.replaceAll('-', '').slice(-4).toUpperCase();
}

export interface KnownRegisters {
  /** Asked (whatever the answer): what is still unknown stays so. */
  loaded?: boolean;
  /** The device this console runs on; null until known. */
  thisDevice: string | null;
  /** Names the hub gave devices at enrollment, by device id (an owner on a hub-served console). */
  names: ReadonlyMap<string, string>;
}

export type RegisterLabel = { kind: 'this' } | { kind: 'named'; name: string } | { kind: 'tag'; tag: string };

/** How to name the register of `deviceId`: this one, its enrolled name, or its receipt tag. */
export function registerLabel(deviceId: string, known: KnownRegisters): RegisterLabel {
  if (deviceId === known.thisDevice) return { kind: 'this' };
  const name = known.names.get(deviceId);
  return name ? { kind: 'named', name } : { kind: 'tag', tag: registerTag(deviceId) };
}

/** The register of `deviceId` in words: "Esta caja", "Caja 1", or "Caja AB12". */
export function registerText(t: Translator, deviceId: string, known: KnownRegisters): string {
  const label = registerLabel(deviceId, known);
  if (label.kind === 'this') return t('shifts.thisRegisterName');
  return label.kind === 'named' ? label.name : t('shifts.registerTag', { tag: label.tag });
}

const NONE: KnownRegisters = { thisDevice: null, names: new Map() };

/**
 * This console's device (the one its sessions are signed in on) and, served by a hub to its owner,
 * the enrolled names of the business's devices. What cannot be read stays unknown.
 */
export function useKnownRegisters(role: Role, enabled = true): KnownRegisters {
  const mode = useServerMode();
  const [known, setKnown] = useState<KnownRegisters>(NONE);
  const withNames = mode === 'hub' && can(role, 'business.manage');
  useEffect(() => {
    if (!enabled || mode === null) return;
    let live = true;
    void Promise.all([
      api.sessions().then(
        ({ sessions }) => sessions.find((s) => s.current)?.deviceId ?? null,
        () => null,
      ),
      withNames
        ? hubApi.devices().then(
            (devices) => new Map(devices.map((d) => [d.id, d.name])),
            () => new Map<string, string>(),
          )
        : Promise.resolve(new Map<string, string>()),
    ]).then(([thisDevice, names]) => {
      if (live) setKnown({ loaded: true, thisDevice, names });
    });
    return () => {
      live = false;
    };
  }, [enabled, mode, withNames]);
  return known;
}
