// The audit log (admins): GET /api/audit, newest first.
import { api, el, showErrors, signedIn, startGovUk } from '/static/js/common.js'

async function main () {
  const me = await signedIn()
  if (!me.may.read_audit_log) throw new Error(`Your role (${me.role}) may not read the audit log`)
  const { entries } = await api('/api/audit?limit=200')
  document.getElementById('audit').replaceChildren(el('div', { class: 'gf-scroll', role: 'region', tabindex: '0', 'aria-label': 'Audit log entries' },
    el('table', { class: 'govuk-table' },
      el('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, `The latest ${entries.length} entries`),
      el('thead', { class: 'govuk-table__head' }, el('tr', { class: 'govuk-table__row' },
        ['When (UTC)', 'Who', 'From', 'Action', 'Outcome', 'Detail'].map(h => el('th', { scope: 'col', class: 'govuk-table__header' }, h)))),
      el('tbody', { class: 'govuk-table__body' }, entries.map(e => el('tr', { class: 'govuk-table__row' },
        el('td', { class: 'govuk-table__cell' }, e.at.replace('T', ' ').replace('Z', '')),
        el('td', { class: 'govuk-table__cell' }, e.user),
        el('td', { class: 'govuk-table__cell' }, e.address),
        el('td', { class: 'govuk-table__cell' }, e.action.replace('_', ' ')),
        el('td', { class: 'govuk-table__cell' }, el('strong', { class: `govuk-tag govuk-tag--${e.outcome === 'ok' ? 'green' : 'red'}` }, e.outcome)),
        el('td', { class: 'govuk-table__cell' }, e.detail)))))))
  startGovUk()
}

main().catch(error => {
  document.getElementById('audit').replaceChildren()
  showErrors([{ text: error.message }])
})
