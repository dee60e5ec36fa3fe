// The surveys the server knows and the waves stored for each, with a link to each
// wave's findings.
import { api, count, el, showErrors, signedIn, startGovUk, table } from '/static/js/common.js'

function findingsLink (survey, wave) {
  const query = new URLSearchParams({ survey: survey.id, wave: wave.wave })
  return el('a', { class: 'govuk-link', href: `/findings?${query}` }, 'See findings', el('span', { class: 'govuk-visually-hidden' }, ` for ${survey.title}, wave ${wave.wave}`))
}

function surveySection (survey) {
  const waves = survey.waves.slice().sort((a, b) => b.wave.localeCompare(a.wave))
  const body = waves.length
    ? table(`Waves of ${survey.title}`, ['Wave', 'Respondents', 'Files', 'Last stored', 'Findings'],
      waves.map(w => [w.wave, count(w.respondents), count(w.files), w.last_ingested_at.replace('T', ' ').replace('Z', ' UTC'),
        findingsLink(survey, w)]), [1, 2])
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
