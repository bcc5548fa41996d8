import { ORGANIZATION_LEVELS, type ProfileChanges } from '../../db/schema.js';
import { html, type SafeHtml } from '../../http/html.js';
import type { ProfileView } from '../../organizations/member-profiles.js';
import { ProfileChangesBody } from '../../organizations/organizations-schemas.js';
import { parseForm, text, type FormBody } from '../frame/forms.js';
import { csrfField, options, say, words } from '../frame/layout.js';
import type { Visitor } from '../frame/visitor.js';

/** What the profile form holds, as typed (strings), to show it again after a refusal. */
export type ProfileFormValues = Record<string, string>;

const TEXT_FIELDS = ['level', 'brand', 'floorAreaM2', 'foundedYear', 'address', 'website'] as const;

/** The form's values for a profile as it stands, the latest year's counts (or last year's, empty) in the year row. */
export function formValuesOf(profile: ProfileView, thisYear: number): ProfileFormValues {
  const latest = profile.years.at(-1);
  return {
    ...Object.fromEntries(TEXT_FIELDS.map((field) => [field, profile[field] == null ? '' : String(profile[field])])),
    descriptionZh: profile.description?.['zh-CN'] ?? '',
    descriptionEn: profile.description?.en ?? '',
    year: String(latest?.year ?? thisYear - 1),
    teamsIncubated: latest ? String(latest.teamsIncubated) : '',
    internationalTeams: latest ? String(latest.internationalTeams) : '',
  };
}

export function formValuesFrom(form: FormBody): ProfileFormValues {
  return Object.fromEntries([...TEXT_FIELDS, 'descriptionZh', 'descriptionEn', 'year', 'teamsIncubated', 'internationalTeams'].map((field) => [field, text(form, field)]));
}

/**
 * The changes a submitted form makes to a profile: only fields that differ from it (an emptied
 * field clears it), and the year row when it is filled and differs. Checked like the API's body.
 */
export function changesFrom(values: ProfileFormValues, profile: ProfileView): ProfileChanges {
  const changes: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) {
    const typed = values[field] ?? '';
    if (typed !== (profile[field] == null ? '' : String(profile[field]))) changes[field] = typed === '' ? null : typed;
  }
  const description = { 'zh-CN': values.descriptionZh ?? '', en: values.descriptionEn ?? '' };
  if (description['zh-CN'] !== (profile.description?.['zh-CN'] ?? '') || description.en !== (profile.description?.en ?? '')) {
    changes.description = description['zh-CN'] || description.en ? Object.fromEntries(Object.entries(description).filter(([, v]) => v)) : null;
  }
  if (values.year && (values.teamsIncubated || values.internationalTeams)) {
    const year = { year: values.year, teamsIncubated: values.teamsIncubated || '0', internationalTeams: values.internationalTeams || '0' };
    const held = profile.years.find((y) => String(y.year) === year.year);
    if (!held || String(held.teamsIncubated) !== year.teamsIncubated || String(held.internationalTeams) !== year.internationalTeams) changes.years = [year];
  }
  return parseForm<typeof ProfileChangesBody>(ProfileChangesBody, changes);
}

/** The profile form, posting to `action`; `button` says what sending does (save, or propose). */
export function profileForm(visitor: Visitor, action: string, values: ProfileFormValues, button: string): SafeHtml {
  const field = (name: string, label: string, attributes: SafeHtml) => html`<div><label for="${name}">${label}</label><input id="${name}" name="${name}" value="${values[name] ?? ''}"${attributes}></div>`;
  return html`<form method="post" action="${action}">${csrfField(visitor)}
<div class="row"><div><label for="level">${say(visitor, 'profileLevel')}</label><select id="level" name="level">${options(
    [{ value: '', label: '—' }, ...ORGANIZATION_LEVELS.map((level) => ({ value: level, label: words(visitor, `level_${level}`) }))],
    values.level,
  )}</select></div>
${field('brand', words(visitor, 'profileBrand'), html` maxlength="100"`)}
${field('floorAreaM2', words(visitor, 'profileAreaInput'), html` type="number" min="1" inputmode="numeric"`)}
${field('foundedYear', words(visitor, 'profileFounded'), html` type="number" min="1900" max="2100" inputmode="numeric"`)}</div>
${field('address', words(visitor, 'address'), html` maxlength="300"`)}
${field('website', words(visitor, 'profileWebsite'), html` type="url" maxlength="500" placeholder="https://" lang="zxx"`)}
<label for="descriptionZh">${say(visitor, 'profileDescriptionZh')}</label><textarea id="descriptionZh" name="descriptionZh" maxlength="1000" rows="3" lang="zh-CN">${values.descriptionZh ?? ''}</textarea>
<label for="descriptionEn">${say(visitor, 'profileDescriptionEn')}</label><textarea id="descriptionEn" name="descriptionEn" maxlength="1000" rows="3" lang="en">${values.descriptionEn ?? ''}</textarea>
<fieldset class="plain"><legend>${say(visitor, 'profileYearCounts')}</legend><div class="row">
${field('year', words(visitor, 'profileYear'), html` type="number" min="1900" max="2100" inputmode="numeric"`)}
${field('teamsIncubated', words(visitor, 'profileTeamsIncubated'), html` type="number" min="0" inputmode="numeric"`)}
${field('internationalTeams', words(visitor, 'profileInternationalTeams'), html` type="number" min="0" inputmode="numeric"`)}</div></fieldset>
<p><button class="primary">${button}</button></p></form>`;
}
