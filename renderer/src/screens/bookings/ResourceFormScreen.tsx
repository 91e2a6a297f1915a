import { type FormEvent, useCallback, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { bookingSettingsApi, resourcesApi } from '../../api/bookings';
import { fieldErrors, problemOf } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useAutoFocus } from '../../components/useAutoFocus';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useFocusFirstInvalid } from '../../components/useFocusFirstInvalid';
import { useRemote } from '../../components/useRemote';
import { type BookingRules, RESOURCE_TYPES, type ResourceType, type ResourceView } from '../../contract';
import { useT } from '../../i18n';
import { useTenantSession } from '../../stores/session';
import { CoworkingNav } from './CoworkingNav';
import { OpeningHoursFieldset } from './OpeningHoursFieldset';
import { ClosedDatesField, LateFeeValueField, RuleNumberFields } from './RuleFields';
import {
  blankResource,
  FormInvalid,
  openingHoursControls,
  placeFieldErrors,
  type ResourceFormValues,
  RULE_FIELDS,
  resourceRequest,
  resourceValues,
  type Tristate,
} from './resource-form';
import { useLocationList } from './useBookingsData';

/** Request fields that have a control on this form (nested ones show on their parent; each opening interval has its own). */
const RESOURCE_CONTROLS = [
  'name',
  'type',
  'capacity',
  'locationId',
  'amenities',
  'photo',
  'pricePerHour',
  'pricePerHalfDay',
  'pricePerDay',
  'taxRateBp',
  'openingHours',
  'closedDates',
  ...RULE_FIELDS.map((f) => `rules.${f}`),
  'rules.lateFee',
];

/** /resources/new and /resources/:resourceId (managers). */
export function ResourceFormScreen() {
  const t = useT();
  const { resourceId } = useParams();
  const [loaded] = useRemote(
    useCallback(() => (resourceId ? resourcesApi.get(resourceId) : Promise.resolve(null)), [resourceId]),
  );
  const [locations] = useLocationList();
  const [settings] = useRemote(useCallback(() => bookingSettingsApi.get(), []));
  const title = loaded.state === 'loaded' && loaded.value ? loaded.value.name : t('resources.newTitle');
  useDocumentTitle(title);
  return (
    <section>
      <PageHeading>{title}</PageHeading>
      <CoworkingNav />
      <p>
        <Link to="/resources">{t('resources.back')}</Link>
      </p>
      {(loaded.state === 'loading' || locations.state === 'loading') && (
        <p className="muted">{t('app.loading')}</p>
      )}
      {loaded.state === 'failed' && <FormAlert>{t.error(loaded.code)}</FormAlert>}
      {loaded.state === 'loaded' && locations.state === 'loaded' && (
        <ResourceForm
          resource={loaded.value}
          locations={locations.value.locations}
          defaults={settings.state === 'loaded' ? settings.value.rules : null}
        />
      )}
    </section>
  );
}

function ResourceForm({
  resource,
  locations,
  defaults,
}: {
  resource: ResourceView | null;
  locations: { id: string; name: string; isDefault: boolean }[];
  defaults: BookingRules | null;
}) {
  const t = useT();
  const navigate = useNavigate();
  const { tenant } = useTenantSession();
  const defaultLocation = (locations.find((l) => l.isDefault) ?? locations[0])?.id ?? '';
  const [values, setValues] = useState<ResourceFormValues>(() =>
    resource ? resourceValues(resource, tenant.locale) : blankResource(defaultLocation),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempt);
  const nameRef = useAutoFocus<HTMLInputElement>();

  const change = (patch: Partial<ResourceFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    setErrors({});
    setFormError(null);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const body = resourceRequest(values, tenant.currency, tenant.locale);
      const saved = resource
        ? await resourcesApi.update(resource.id, body)
        : await resourcesApi.create({ ...body, id: crypto.randomUUID() });
      navigate('/resources', { state: { saved: saved.name } });
    } catch (error) {
      if (error instanceof FormInvalid) setErrors(error.errors);
      else {
        const problem = problemOf(error);
        const placed = placeFieldErrors(fieldErrors(problem), [
          ...openingHoursControls(values.hours),
          ...RESOURCE_CONTROLS,
        ]);
        setErrors(placed.errors);
        setFormError(placed.unplaced || Object.keys(placed.errors).length === 0 ? problem.code : null);
      }
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  }

  const err = (field: string) => (errors[field] ? t.error(errors[field]) : undefined);
  const defaultHint = (field: keyof BookingRules) =>
    defaults ? t('resources.defaultIs', { value: String(defaults[field]) }) : t('resources.defaultEmpty');
  const tri = (value: Tristate, onChange: (v: Tristate) => void, id: string, label: string) => (
    <SelectField
      id={id}
      label={label}
      options={[
        { value: '', label: t('resources.followDefault') },
        { value: 'yes', label: t('common.yes') },
        { value: 'no', label: t('common.no') },
      ]}
      value={value}
      onChange={(e) => onChange(e.target.value as Tristate)}
    />
  );

  return (
    <form ref={formRef} noValidate onSubmit={submit} aria-busy={busy} className="settings-form resource-form">
      <fieldset>
        <legend>{t('resources.basics')}</legend>
        <TextField
          id="resource-name"
          ref={nameRef}
          label={t('resources.name')}
          autoComplete="off"
          value={values.name}
          error={err('name')}
          onChange={(e) => change({ name: e.target.value })}
        />
        <SelectField
          id="resource-type"
          label={t('resources.type')}
          options={RESOURCE_TYPES.map((type) => ({ value: type, label: t(`resources.type.${type}`) }))}
          value={values.type}
          onChange={(e) => change({ type: e.target.value as ResourceType })}
        />
        <TextField
          id="resource-capacity"
          type="number"
          inputMode="numeric"
          min={1}
          label={t('resources.capacity')}
          hint={t('resources.capacityHint')}
          value={values.capacity}
          error={err('capacity')}
          onChange={(e) => change({ capacity: e.target.value })}
        />
        <SelectField
          id="resource-location"
          label={t('bookings.location')}
          options={locations.map((l) => ({ value: l.id, label: l.name }))}
          value={values.locationId}
          error={err('locationId')}
          onChange={(e) => change({ locationId: e.target.value })}
        />
        <TextField
          id="resource-amenities"
          label={t('resources.amenities')}
          hint={t('resources.amenitiesHint')}
          value={values.amenities}
          error={err('amenities')}
          onChange={(e) => change({ amenities: e.target.value })}
        />
        <PhotoField value={values.photo} error={err('photo')} onChange={(photo) => change({ photo })} />
        <CheckboxField
          id="resource-active"
          label={t('resources.activeLabel')}
          checked={values.active}
          onChange={(e) => change({ active: e.target.checked })}
        />
      </fieldset>
      <fieldset>
        <legend>{t('resources.prices')}</legend>
        <TextField
          id="resource-price-hour"
          inputMode="decimal"
          label={t('resources.pricePerHour')}
          value={values.pricePerHour}
          error={err('pricePerHour')}
          onChange={(e) => change({ pricePerHour: e.target.value })}
        />
        <TextField
          id="resource-price-half-day"
          inputMode="decimal"
          label={t('resources.pricePerHalfDay')}
          hint={t('resources.optionalPrice')}
          value={values.pricePerHalfDay}
          error={err('pricePerHalfDay')}
          onChange={(e) => change({ pricePerHalfDay: e.target.value })}
        />
        <TextField
          id="resource-price-day"
          inputMode="decimal"
          label={t('resources.pricePerDay')}
          hint={t('resources.optionalPrice')}
          value={values.pricePerDay}
          error={err('pricePerDay')}
          onChange={(e) => change({ pricePerDay: e.target.value })}
        />
        <TextField
          id="resource-tax"
          inputMode="decimal"
          label={t('resources.taxRate')}
          value={values.taxRate}
          error={err('taxRateBp')}
          onChange={(e) => change({ taxRate: e.target.value })}
        />
      </fieldset>
      <fieldset>
        <legend>{t('resources.hours')}</legend>
        <CheckboxField
          id="resource-own-hours"
          label={t('resources.ownHours')}
          hint={t('resources.ownHoursHint')}
          checked={values.ownHours}
          onChange={(e) => change({ ownHours: e.target.checked })}
        />
        {values.ownHours && (
          <OpeningHoursFieldset
            idPrefix="resource-"
            hours={values.hours}
            onChange={(hours) => change({ hours })}
            error={err}
            groupError={err('openingHours')}
          />
        )}
        <ClosedDatesField
          id="resource-closed-dates"
          value={values.closedDates}
          error={err('closedDates')}
          onChange={(closedDates) => change({ closedDates })}
        />
      </fieldset>
      <fieldset>
        <legend>{t('resources.rules')}</legend>
        <p className="muted">{t('resources.rulesHint')}</p>
        <RuleNumberFields
          idPrefix="rule-"
          rules={values.rules}
          error={err}
          hint={defaultHint}
          onChange={(rules) => change({ rules })}
        />
        {tri(
          values.approvalRequired,
          (v) => change({ approvalRequired: v }),
          'rule-approval',
          t('resources.rule.approvalRequired'),
        )}
        {tri(
          values.releaseOnNoShow,
          (v) => change({ releaseOnNoShow: v }),
          'rule-release',
          t('resources.rule.releaseOnNoShow'),
        )}
        <SelectField
          id="rule-late-fee-kind"
          label={t('resources.rule.lateFee')}
          options={[
            { value: '', label: t('resources.followDefault') },
            { value: 'none', label: t('resources.lateFee.none') },
            { value: 'amount', label: t('resources.lateFee.amount') },
            { value: 'percent', label: t('resources.lateFee.percent') },
          ]}
          value={values.lateFeeKind}
          onChange={(e) => change({ lateFeeKind: e.target.value as ResourceFormValues['lateFeeKind'] })}
        />
        {(values.lateFeeKind === 'amount' || values.lateFeeKind === 'percent') && (
          <LateFeeValueField
            id="rule-late-fee-value"
            kind={values.lateFeeKind}
            value={values.lateFeeValue}
            error={err('rules.lateFee')}
            onChange={(lateFeeValue) => change({ lateFeeValue })}
          />
        )}
      </fieldset>
      <FormAlert>{formError && <p>{t.error(formError)}</p>}</FormAlert>
      <div className="form-actions">
        <button type="submit" className="button-primary" aria-disabled={busy}>
          {t('resources.save')}
        </button>
        {resource && (
          <button type="button" className="button-danger" onClick={() => setConfirmDelete(true)}>
            {t('resources.delete')}
          </button>
        )}
      </div>
      {resource && confirmDelete && (
        <ConfirmDialog
          title={t('resources.deleteTitle', { name: resource.name })}
          body={<p>{t('resources.deleteBody')}</p>}
          confirmLabel={t('resources.deleteConfirm')}
          danger
          onConfirm={async () => {
            await resourcesApi.remove(resource.id);
            navigate('/resources');
          }}
          onClose={() => setConfirmDelete(false)}
        />
      )}
    </form>
  );
}

/** A small picture of the space, kept as a data URL (the API takes up to 300 kB). */
function PhotoField({
  value,
  error,
  onChange,
}: {
  value: string | null;
  error?: string;
  onChange(photo: string | null): void;
}) {
  const t = useT();
  const [tooLarge, setTooLarge] = useState(false);
  return (
    <div className="field">
      <label htmlFor="resource-photo">{t('resources.photo')}</label>
      <p id="resource-photo-hint" className="field-hint">
        {t('resources.photoHint')}
      </p>
      <input
        id="resource-photo"
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif"
        aria-describedby="resource-photo-hint"
        onChange={(e) => {
          const file = e.target.files?.[0];
          setTooLarge(false);
          if (!file) return;
          if (file.size > 220_000) {
            setTooLarge(true);
            return;
          }
          const reader = new FileReader();
          reader.onload = () => onChange(typeof reader.result === 'string' ? reader.result : null);
          reader.readAsDataURL(file);
        }}
      />
      {value && (
        <p>
          <img src={value} alt={t('resources.photoAlt')} className="resource-photo" />{' '}
          <button type="button" className="button-secondary" onClick={() => onChange(null)}>
            {t('resources.photoRemove')}
          </button>
        </p>
      )}
      {(tooLarge || error) && <p className="field-error">{tooLarge ? t.error('photo-too-large') : error}</p>}
    </div>
  );
}
