// The surveys the server knows and the waves stored for each, with a link to each
// wave's findings.
import { api, count, el, showErrors, signedIn, startGovUk } from '/static/js/common.js'

function findingsLink (survey, wave) {
  const query = new URLSearchParams({ survey: survey.id, wave: wave.wave })
  return el('a', { class: 'govuk-link', href: `/findings?${query}` }, 'See findings', el('span', { class: 'govuk-visually-hidden' }, ` for ${survey.title}, wave ${wave.wave}`))
}

function surveySection (survey) {
  const waves = survey.waves.slice().sort((a, b) => b.wave.localeCompare(a.wave))
  const body = waves.length
    ? el('table', { class: 'govuk-table' },
      el('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, `Waves of ${survey.title}`),
      el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' },
        el('th', { scope: 'col', class: 'govuk-table__header' }, 'Wave'),
        el('th', { scope: 'col', class: 'govuk-table__header govuk-table__header--numeric' }, 'Respondents'),
        el('th', { scope: 'col', class: 'govuk-table__header govuk-table__header--numeric' }, 'Files'),
        el('th', { scope: 'col', class: 'govuk-table__header' }, 'Last stored'),
        el('td', { class: 'govuk-table__header' }))),
      el('tbody', { class: 'govuk-table__body' }, waves.map(w => el('tr', { class: 'govuk-table__row' },
        el('th', { scope: 'row', class: 'govuk-table__header' }, w.wave),
        el('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, count(w.respondents)),
        el('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, count(w.files)),
        el('td', { class: 'govuk-table__cell' }, w.last_ingested_at.replace('T', ' ').replace('Z', ' UTC')),
        el('td', { class: 'govuk-table__cell' }, findingsLink(survey, w))))))
    : el('p', { class: 'govuk-body' }, 'No wave has been stored yet.')
  return el('section', { 'aria-labelledby': `survey-${survey.id}` },
    el('h2', { class: 'govuk-heading-m', id: `survey-${survey.id}` }, survey.title),
    el('p', { class: 'govuk-body-s' }, `${survey.kind.startsWith('staff') ? 'Staff survey' : 'Residents’ survey'}: ${survey.questions.length} questions, ` +
      `${survey.groupings.length} ways of grouping people${survey.weighting_available ? ', can be weighted to the population' : ''}.`),
    body)
}

async function main () {
  const me = await signedIn()
  document.getElementById('upload-link').hidden = !me.may.upload
  const { surveys } = await api('/api/surveys')
  const slot = document.getElementById('surveys')
  slot.replaceChildren(...(surveys.length ? surveys.map(surveySection) : [el('p', { class: 'govuk-body' }, 'The server has no survey definitions.')]))
  startGovUk()
}

main().catch(error => showErrors([{ text: error.message }]))
