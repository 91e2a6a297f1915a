import type { Ref } from 'react';
import { TextField } from '../../../components/Field';
import { useT } from '../../../i18n';
import { enrollFieldError } from './sync-view';

export interface HubValues {
  hubUrl: string;
  code: string;
  deviceName: string;
}

export const EMPTY_HUB_VALUES: HubValues = { hubUrl: '', code: '', deviceName: '' };

interface HubFieldsProps {
  values: HubValues;
  onChange(patch: Partial<HubValues>): void;
  /** Field → error code, as from useApiForm. */
  errors: Record<string, string>;
  idPrefix: string;
  firstRef?: Ref<HTMLInputElement>;
}

/** The hub's address, the one-time code and this device's name: enrolling in Settings and joining at first run. */
export function HubFields({ values, onChange, errors, idPrefix, firstRef }: HubFieldsProps) {
  const t = useT();
  const error = (field: keyof HubValues) => {
    const code = errors[field];
    return code ? enrollFieldError(field, code, t) : undefined;
  };
  return (
    <>
      <TextField
        id={`${idPrefix}-hub-url`}
        ref={firstRef}
        type="url"
        inputMode="url"
        spellCheck={false}
        autoComplete="url"
        label={t('sync.enroll.hubUrl')}
        hint={t('sync.enroll.hubUrlHint')}
        value={values.hubUrl}
        onChange={(e) => onChange({ hubUrl: e.target.value })}
        error={error('hubUrl')}
      />
      <TextField
        id={`${idPrefix}-code`}
        spellCheck={false}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        label={t('sync.enroll.code')}
        hint={t('sync.enroll.codeHint')}
        value={values.code}
        onChange={(e) => onChange({ code: e.target.value })}
        error={error('code')}
      />
      <TextField
        id={`${idPrefix}-device-name`}
        autoComplete="off"
        label={t('sync.enroll.deviceName')}
        hint={t('sync.enroll.deviceNameHint')}
        value={values.deviceName}
        onChange={(e) => onChange({ deviceName: e.target.value })}
        error={error('deviceName')}
      />
    </>
  );
}
