import { type FormEvent, useState } from 'react';
import { fieldErrors, problemOf } from '../../api/client';
import { stockApi } from '../../api/stock';
import { TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import type { LocationView } from '../../contract';
import { can } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { useLocations } from './useLocations';

export function LocationsScreen() {
  const t = useT();
  const { role } = useTenantSession();
  const manage = can(role, 'catalog.manage');
  const [locations, reload] = useLocations();
  const [notice, setNotice] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);

  const done = (message: string) => {
    setNotice(message);
    setRenaming(null);
    reload();
  };

  return (
    <>
      <h2>{t('stock.locations')}</h2>
      <p role="status" className="form-status">
        {notice}
      </p>
      {locations.state === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {locations.state === 'failed' && <FormAlert>{t.error(locations.code)}</FormAlert>}
      {locations.state === 'loaded' && (
        <ul className="location-list" aria-label={t('stock.locations')}>
          {locations.locations.map((location) => (
            <li key={location.id}>
              {renaming === location.id ? (
                <LocationForm
                  location={location}
                  onDone={(saved) => done(t('locations.renamed', { name: saved.name }))}
                  onCancel={() => setRenaming(null)}
                />
              ) : (
                <>
                  <span>{location.name}</span>{' '}
                  {location.isDefault && <span className="tag">{t('locations.default')}</span>}{' '}
                  {manage && (
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => setRenaming(location.id)}
                    >
                      {t('locations.rename')}
                      <span className="sr-only"> {location.name}</span>
                    </button>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {manage && (
        <>
          <h3>{t('locations.add')}</h3>
          <LocationForm
            key={notice}
            location={null}
            onDone={(saved) => done(t('locations.added', { name: saved.name }))}
          />
        </>
      )}
    </>
  );
}

interface LocationFormProps {
  location: LocationView | null;
  onDone(location: LocationView): void;
  onCancel?(): void;
}

function LocationForm({ location, onDone, onCancel }: LocationFormProps) {
  const t = useT();
  const [name, setName] = useState(location?.name ?? '');
  const [newId] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = location ? `location-name-${location.id}` : 'location-name';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      onDone(
        location
          ? await stockApi.renameLocation(location.id, name)
          : await stockApi.createLocation({ id: newId, name }),
      );
    } catch (caught) {
      const problem = problemOf(caught);
      setError(fieldErrors(problem).name ?? problem.code);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={submit} aria-busy={busy} className="inline-form">
      <TextField
        id={inputId}
        label={location ? t('locations.newName', { name: location.name }) : t('locations.name')}
        autoComplete="off"
        autoFocus={location !== null}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={error ? t.error(error) : undefined}
      />
      <button type="submit" className="button-primary" aria-disabled={busy}>
        {location ? t('locations.save') : t('locations.addSubmit')}
      </button>
      {onCancel && (
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
    </form>
  );
}
