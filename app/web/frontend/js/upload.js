// Upload: the file is inspected (POST /api/inspect: which plugin reads it, its
// columns, a draft mapping) and checked against the chosen survey (POST .../check: the
// whole file read as storing it would, stored nowhere), then stored as a wave by a job
// (POST .../ingest) whose progress is polled. Problems are shown with their file, row and column; an ingest
// that fails stores nothing.
import { api, clearErrors, count, el, errorItems, fieldError, showErrors, signedIn, startGovUk, table } from '/static/js/common.js'

const inspectForm = document.getElementById('inspect-form')
const ingestForm = document.getElementById('ingest-form')
let chosenFile = null
let surveys = []


function summaryRow (key, value) {
  return el('div', { class: 'govuk-summary-list__row' },
    el('dt', { class: 'govuk-summary-list__key' }, key),
    el('dd', { class: 'govuk-summary-list__value' }, value))
}

function columnsTable (columns) {
  return table('Columns, with answers given by at least 10 people', ['Column', 'Blank', 'Answers'],
    columns.map(c => [`${c.index}. ${c.heading}`, count(c.blank), c.many_values
      ? 'Many different values (not listed)'
      : c.values.map(v => `${v.value} (${count(v.count)})`).join('; ') +
        (c.rare_values_not_listed ? `; ${count(c.rare_values_not_listed)} rarer answers not listed` : '')]), [1])
}

function showInspection (result) {
  const best = result.candidates.find(c => c.plugin === result.plugin)
  document.getElementById('file-summary').replaceChildren(
    summaryRow('File', result.file),
    summaryRow('Read as', `${result.plugin}${best ? ` (confidence ${best.confidence} of 100)` : ''}`),
    summaryRow('Respondents', count(result.respondents)),
    summaryRow('Columns', count(result.columns.length)))
  const list = (id, items) => document.getElementById(id).replaceChildren(...(items.length ? items : ['None']).map(t => el('li', {}, t)))
  list('recognised', result.recognised)
  list('not-mapped', result.not_mapped)
  document.getElementById('recognised-summary').textContent = `Recognised (${result.recognised.length})`
  document.getElementById('not-mapped-summary').textContent = `Not mapped (${result.not_mapped.length})`
  document.getElementById('columns').replaceChildren(columnsTable(result.columns))
  document.getElementById('draft').textContent = JSON.stringify(result.draft, null, 2)
  const select = document.getElementById('survey')
  select.replaceChildren(...surveys.map(s => el('option', { value: s.id, selected: s.id === result.draft.id || undefined }, s.title)))
  const guessedWave = (result.file.match(/(19|20)\d\d/) || [''])[0]
  if (guessedWave && !document.getElementById('wave').value) document.getElementById('wave').value = guessedWave
  document.getElementById('inspect-step').hidden = false
  checkAgainstSurvey()
}

// The whole file read through the chosen survey's definition, stored nowhere: "ready",
// or the rows that would fail, before anything is stored. Focus moves to the answer.
let checks = 0
async function checkAgainstSurvey () {
  const mine = ++checks  // a later check (another survey chosen) supersedes this one
  const survey = document.getElementById('survey').value
  const slot = document.getElementById('check-result')
  const title = (surveys.find(s => s.id === survey) || {}).title || survey
  slot.replaceChildren(el('p', { class: 'govuk-body' }, `Reading the file as ${title}…`))
  const form = new FormData()
  form.append('file', chosenFile)
  let result
  try {
    const r = await api(`/api/surveys/${encodeURIComponent(survey)}/check`, { method: 'POST', form })
    result = el('div', { class: 'govuk-inset-text', id: 'check-ready' },
      el('h3', { class: 'govuk-heading-s', tabindex: '-1' }, `Ready: ${count(r.respondents)} respondents, 0 problems`),
      el('p', { class: 'govuk-body' }, `${r.file} reads as ${title} with no problem. Choose the wave and store it.`))
  } catch (error) {
    const items = errorItems(error)
    result = el('div', { class: 'govuk-inset-text', id: 'check-problems' },
      el('h3', { class: 'govuk-heading-s', tabindex: '-1' },
        `Not ready: ${items.length === 1 ? '1 problem' : `${count(items.length)} problems`} reading it as ${title}`),
      el('p', { class: 'govuk-body' }, 'Storing it would fail and store nothing. Correct these in the file, or choose another survey:'),
      el('ul', { class: 'govuk-list govuk-list--bullet' }, items.map(i => el('li', {}, i.text))))
  }
  if (mine !== checks) return
  slot.replaceChildren(result)
  result.querySelector('h3').focus()
}

document.getElementById('survey').addEventListener('change', () => { if (chosenFile) checkAgainstSurvey() })

inspectForm.addEventListener('submit', async event => {
  event.preventDefault()
  clearErrors()
  chosenFile = inspectForm.elements.file.files[0] || null
  fieldError('file', chosenFile ? '' : 'Select a survey file')
  if (!chosenFile) return showErrors([{ text: 'Select a survey file', href: '#file' }])
  document.getElementById('inspect-step').hidden = true
  document.getElementById('done').hidden = true
  const form = new FormData()
  form.append('file', chosenFile)
  try {
    showInspection(await api('/api/inspect', { method: 'POST', form }))
  } catch (error) {
    showErrors(errorItems(error), 'This file cannot be read')
  }
})

async function follow (job) {
  const text = document.getElementById('progress-text')
  while (job.state === 'running' || job.state === 'queued') {
    text.textContent = `${job.phase === 'storing' ? 'Storing' : 'Reading'}: ${count(job.rows_read)} rows so far`
    await new Promise(resolve => setTimeout(resolve, 250))
    job = await api(`/api/jobs/${encodeURIComponent(job.id)}`)
  }
  return job
}

ingestForm.addEventListener('submit', async event => {
  event.preventDefault()
  clearErrors()
  const survey = document.getElementById('survey').value
  const wave = ingestForm.elements.wave.value.trim()
  fieldError('wave', wave ? '' : 'Enter the wave, for example 2025')
  if (!wave) return showErrors([{ text: 'Enter the wave, for example 2025', href: '#wave' }])
  const form = new FormData()
  form.append('file', chosenFile)
  if (ingestForm.elements.replace.checked) form.append('replace', '1')
  const progress = document.getElementById('progress-step')
  progress.hidden = false
  document.getElementById('progress-text').textContent = 'Uploading the file'
  try {
    const path = `/api/surveys/${encodeURIComponent(survey)}/waves/${encodeURIComponent(wave)}/ingest`
    const job = await follow(await api(path, { method: 'POST', form }))
    progress.hidden = true
    if (job.state !== 'succeeded') {
      return showErrors(errorItems({ message: job.error.error, problems: job.error.problems }), 'The wave was not stored: nothing was saved')
    }
    const r = job.result
    const query = new URLSearchParams({ survey: r.survey, wave: r.wave })
    const done = document.getElementById('done')
    done.replaceChildren(
      el('div', { class: 'govuk-panel govuk-panel--confirmation' },
        el('h2', { class: 'govuk-panel__title' }, `Wave ${r.wave} stored`),
        el('div', { class: 'govuk-panel__body' }, `${count(r.respondents)} respondents from ${r.file}`)),
      el('p', { class: 'govuk-body' }, el('a', { class: 'govuk-link', href: `/findings?${query}` }, `See the findings for wave ${r.wave}`)))
    done.hidden = false
    done.querySelector('h2').setAttribute('tabindex', '-1')
    done.querySelector('h2').focus()
  } catch (error) {
    progress.hidden = true
    showErrors(errorItems(error), 'The wave was not stored: nothing was saved')
  }
})

async function main () {
  const me = await signedIn()
  if (!me.may.upload) {
    showErrors([{ text: `Your role (${me.role}) may not upload survey files: ask an administrator` }])
    inspectForm.hidden = true
    return
  }
  document.getElementById('max-size').textContent = `${Math.round(me.max_upload_bytes / (1024 * 1024))} MB`;
  ({ surveys } = await api('/api/surveys'))
  startGovUk()
}

main().catch(error => showErrors([{ text: error.message }]))
