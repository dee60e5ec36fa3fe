// The surveys the server knows and the waves stored for each, with a link to each
// wave's findings.
import { api, count, el, showErrors, signedIn, startGovUk } from '/static/js/common.js'

function findingsLink (survey, wave) {
  const query = new URLSearchParams({ survey: survey.id, wave: wave.wave })
  return el('a', { class: 'govuk-link', href: `/findings?${query}` }, 'See findings', el('span', { class: 'govuk-visually-hidden' }, ` for ${survey.title}, wave ${wave.wave}`))
}

// One GOV.UK summary card per wave, its findings link first: a table of waves put that
// link in a fifth column, off a phone's screen.
function waveCard (survey, wave) {
  const row = (key, value) => el('div', { class: 'govuk-summary-list__row' },
    el('dt', { class: 'govuk-summary-list__key' }, key), el('dd', { class: 'govuk-summary-list__value' }, value))
  return el('div', { class: 'govuk-summary-card' },
    el('div', { class: 'govuk-summary-card__title-wrapper' },
      el('h3', { class: 'govuk-summary-card__title' }, `Wave ${wave.wave}`),
      el('ul', { class: 'govuk-summary-card__actions' }, el('li', { class: 'govuk-summary-card__action' }, findingsLink(survey, wave)))),
    el('div', { class: 'govuk-summary-card__content' },
      // A partnership's wave is pooled from its councils': how many hold it, and no count
      // of people (a council's could be under the suppression threshold).
      el('dl', { class: 'govuk-summary-list' }, ...(wave.pooled
        ? [row('Councils with this wave', count(wave.members))]
        : [row('Respondents', count(wave.respondents)),
            row('Files stored', count(wave.files)),
            row('Last stored', wave.last_ingested_at.replace('T', ' ').replace('Z', ' UTC'))]))))
}

function surveySection (survey) {
  const waves = survey.waves.slice().sort((a, b) => b.wave.localeCompare(a.wave))
  return el('section', { 'aria-labelledby': `survey-${survey.id}` },
    el('h2', { class: 'govuk-heading-m', id: `survey-${survey.id}` }, survey.title),
    el('p', { class: 'govuk-body-s' }, `${survey.kind.startsWith('staff') ? 'Staff survey' : 'Residents’ survey'}: ${survey.questions.length} questions, ` +
      `${survey.groupings.length} ways of grouping people${survey.weighting_available ? ', can be weighted to the population' : ''}.`),
    ...(waves.length ? waves.map(w => waveCard(survey, w)) : [el('p', { class: 'govuk-body' }, 'No wave has been stored yet.')]))
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
