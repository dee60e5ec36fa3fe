// Searching a wave's comments (analysts and admins): GET .../comments/search, whose
// comments come back redacted and with nothing about their writers.
import { api, clearErrors, count, el, errorItems, fieldError, showErrors, signedIn, startGovUk } from '/static/js/common.js'

let surveys = []

function options (select, items) {
  select.replaceChildren(...items.map(([value, label]) => el('option', { value }, label)))
}

function surveyChosen () {
  const survey = surveys.find(s => s.id === document.getElementById('survey').value)
  if (!survey) return
  options(document.getElementById('wave'), survey.waves.map(w => w.wave).sort().reverse().map(w => [w, w]))
  options(document.getElementById('comment'), [['', 'Every question'], ...survey.comments.map(c => [c.id, c.text])])
}

async function search (event) {
  event.preventDefault()
  clearErrors()
  fieldError('q', '')
  const q = document.getElementById('q').value
  if (!q.trim()) {
    fieldError('q', 'Enter the words to look for')
    showErrors([{ text: 'Enter the words to look for', href: '#q' }])
    return
  }
  const survey = document.getElementById('survey').value
  const wave = document.getElementById('wave').value
  const query = new URLSearchParams({ q, limit: '50' })
  const comment = document.getElementById('comment').value
  if (comment) query.set('comment', comment)
  const results = document.getElementById('results')
  try {
    const r = await api(`/api/surveys/${encodeURIComponent(survey)}/waves/${encodeURIComponent(wave)}/comments/search?${query}`)
    const questions = Object.fromEntries((surveys.find(s => s.id === survey)?.comments || []).map(c => [c.id, c.text]))
    results.replaceChildren(
      el('h2', { class: 'govuk-heading-m' }, `${count(r.matches)} ${r.matches === 1 ? 'comment matches' : 'comments match'}`),
      el('p', { class: 'govuk-body' }, r.matches > r.shown ? `The first ${count(r.shown)} are shown.` : ''),
      ...r.comments.map(c => el('div', { class: 'govuk-inset-text' },
        el('p', { class: 'govuk-body-s govuk-!-margin-bottom-1' }, questions[c.comment] || c.comment),
        el('p', { class: 'govuk-body' }, c.text))))
  } catch (error) {
    results.replaceChildren()
    fieldError('q', error.message)
    showErrors(errorItems(error).map(item => ({ ...item, href: '#q' })))
  }
}

async function main () {
  const me = await signedIn()
  if (!me.may.search_comments) throw new Error(`Your role (${me.role}) may not search comments`)
  surveys = (await api('/api/surveys')).surveys.filter(s => s.comments.length && s.waves.length)
  if (!surveys.length) {
    document.getElementById('search-form').replaceChildren(el('p', { class: 'govuk-body' }, 'No stored wave has comments yet.'))
    return
  }
  options(document.getElementById('survey'), surveys.map(s => [s.id, s.title]))
  document.getElementById('survey').addEventListener('change', surveyChosen)
  document.getElementById('search-form').addEventListener('submit', search)
  surveyChosen()
  startGovUk()
}

main().catch(error => {
  document.getElementById('search-form').hidden = true
  showErrors([{ text: error.message }])
})
