// What every page shares: the GOV.UK Frontend set-up, calls to the JSON API (with the
// session's CSRF token on anything that changes state), the signed-in user, and the
// GOV.UK error summary. Text from the server is always set as text, never as HTML,
// except the charts, which the server draws and escapes itself (exports/charts).
import { initAll } from '/static/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

let me = null

export class ApiError extends Error {
  constructor (status, body) {
    super(body.error || `The server answered ${status}`)
    this.status = status
    this.problems = body.problems || []
    this.body = body
  }
}

// fetch() for the API: JSON in and out, errors thrown as ApiError; a lapsed session
// goes back to the sign-in page, which returns here afterwards.
export async function api (path, { method = 'GET', json, form, expect = 'json' } = {}) {
  const headers = {}
  let body
  if (method !== 'GET' && me) headers['X-CSRF-Token'] = me.csrf_token
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(json)
  } else if (form) {
    body = form
  }
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' })
  if (response.status === 401 && document.body.dataset.page !== 'sign-in') {
    window.location.assign('/sign-in?next=' + encodeURIComponent(window.location.pathname + window.location.search))
    throw new ApiError(401, { error: 'Your session has ended: sign in again' })
  }
  const text = await response.text()
  if (!response.ok) {
    let parsed
    try { parsed = JSON.parse(text) } catch { parsed = { error: text } }
    throw new ApiError(response.status, parsed)
  }
  if (expect === 'text' || response.status === 204) return text
  return JSON.parse(text)
}

// The signed-in user ({user, role, may, csrf_token}); shows the navigation they may use.
export async function signedIn () {
  me = await api('/api/me')
  document.getElementById('site-navigation').hidden = false
  for (const item of document.querySelectorAll('[data-may]')) item.hidden = !me.may[item.dataset.may]
  document.getElementById('signed-in-as').textContent = `(${me.user})`
  return me
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try { await api('/api/session', { method: 'DELETE' }) } finally { window.location.assign('/sign-in') }
})

// el('p', {class: 'govuk-body'}, 'text', child...): an element with attributes and
// children; strings become text nodes.
export function el (tag, attributes = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue
    node.setAttribute(name, value === true ? '' : value)
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child)
  }
  return node
}

// Where a problem is: "panel.csv, row 12, column “Ethnic group”: message".
export function describeProblem (p) {
  const where = [p.file, p.row ? `row ${p.row}` : null, p.column ? `column “${p.column}”` : null].filter(Boolean)
  return (where.length ? where.join(', ') + ': ' : '') + p.message
}

// A field's GOV.UK error message, or none: the form group and the input are marked, and
// the message is read out with the field's hint (aria-describedby keeps both).
export function fieldError (field, message) {
  const group = document.getElementById(`${field}-group`)
  const error = document.getElementById(`${field}-error`)
  const input = document.getElementById(field)
  group.classList.toggle('govuk-form-group--error', Boolean(message))
  for (const kind of ['govuk-input', 'govuk-select', 'govuk-file-upload']) {
    if (input.classList.contains(kind)) input.classList.toggle(`${kind}--error`, Boolean(message))
  }
  error.hidden = !message
  error.textContent = message ? `Error: ${message}` : ''
  const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(id => id && id !== error.id)
  if (message) described.push(error.id)
  if (described.length) input.setAttribute('aria-describedby', described.join(' '))
  else input.removeAttribute('aria-describedby')
}

// A GOV.UK table in a focusable scrolling region: the first cell of each row is its
// header; numeric lists the columns aligned as numbers. Cells are text or elements.
export function table (caption, headings, rows, numeric = []) {
  const head = (h, i) => el('th', { scope: 'col', class: 'govuk-table__header' + (numeric.includes(i) ? ' govuk-table__header--numeric' : '') }, h)
  const cell = (c, i) => i === 0
    ? el('th', { scope: 'row', class: 'govuk-table__header' }, c)
    : el('td', { class: 'govuk-table__cell' + (numeric.includes(i) ? ' govuk-table__cell--numeric' : '') }, c)
  return el('div', { class: 'gf-scroll', role: 'region', tabindex: '0', 'aria-label': caption },
    el('table', { class: 'govuk-table' },
      el('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption),
      el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' }, headings.map(head))),
      el('tbody', { class: 'govuk-table__body' }, rows.map(cells => el('tr', { class: 'govuk-table__row' }, cells.map(cell))))))
}

// The GOV.UK error summary: items are {text, href} (href: the field at fault).
export function showErrors (items, title = 'There is a problem') {
  const slot = document.getElementById('error-summary')
  slot.replaceChildren(el('div', { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: '-1' },
    el('div', { role: 'alert' },
      el('h2', { class: 'govuk-error-summary__title' }, title),
      el('div', { class: 'govuk-error-summary__body' },
        el('ul', { class: 'govuk-list govuk-error-summary__list' },
          items.map(item => el('li', {}, item.href ? el('a', { href: item.href }, item.text) : item.text)))))))
  slot.querySelector('.govuk-error-summary').focus?.()
  slot.scrollIntoView()
}

export function clearErrors () {
  document.getElementById('error-summary').replaceChildren()
}

// An API error as error-summary items: each problem with its place in the file.
export function errorItems (error) {
  if (error.problems && error.problems.length) return error.problems.map(p => ({ text: describeProblem(p) }))
  return [{ text: error.message }]
}

// Numbers as the report writes them.
export const percent = rate => rate === null || rate === undefined ? '–' : `${(100 * rate).toFixed(1)}%`
export const points = pp => pp === null || pp === undefined ? '–' : `${Math.abs(pp).toFixed(1)} points`
export const count = n => n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-GB')

// A page's query parameters as an object of strings (repeated ones as arrays).
export function queryParameters () {
  const out = {}
  for (const [key, value] of new URLSearchParams(window.location.search)) {
    if (key in out) out[key] = [].concat(out[key], value)
    else out[key] = value
  }
  return out
}

export function startGovUk () {
  initAll()
}
