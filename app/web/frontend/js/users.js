// Accounts (admins): GET /api/users, and POST, PATCH and DELETE /api/users/{name}.
import { api, clearErrors, el, fieldError, showErrors, signedIn, startGovUk, table } from '/static/js/common.js'

const roles = ['viewer', 'analyst', 'admin']
const form = document.getElementById('add-form')


function notify (text) {
  const slot = document.getElementById('error-summary')
  slot.replaceChildren(el('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', tabindex: '-1' },
    el('div', { class: 'govuk-notification-banner__header' }, el('h2', { class: 'govuk-notification-banner__title' }, 'Success')),
    el('div', { class: 'govuk-notification-banner__content' }, el('p', { class: 'govuk-notification-banner__heading' }, text))))
  slot.firstChild.focus()
}

async function act (change, done) {
  clearErrors()
  try {
    await change()
    await load()
    notify(done)
  } catch (error) {
    showErrors([{ text: error.message }])
  }
}

function row (user, me) {
  const name = encodeURIComponent(user.name)
  const select = el('select', { class: 'govuk-select', id: `role-${user.name}`, 'aria-label': `Role of ${user.name}` },
    roles.map(r => el('option', { value: r, selected: r === user.role }, r.charAt(0).toUpperCase() + r.slice(1))))
  const change = el('button', { type: 'button', class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0' }, 'Change role',
    el('span', { class: 'govuk-visually-hidden' }, ` of ${user.name}`))
  change.addEventListener('click', () => act(() => api(`/api/users/${name}`, { method: 'PATCH', json: { role: select.value } }),
    `${user.name} is now ${select.value === 'admin' ? 'an' : 'a'} ${select.value}`))
  const remove = el('button', { type: 'button', class: 'govuk-button govuk-button--warning govuk-!-margin-bottom-0' }, 'Remove',
    el('span', { class: 'govuk-visually-hidden' }, ` ${user.name}`))
  remove.addEventListener('click', () => {
    if (window.confirm(`Remove the account ${user.name}? They are signed out at once.`))
      act(() => api(`/api/users/${name}`, { method: 'DELETE' }), `${user.name} was removed`)
  })
  return [user.name + (user.name === me.user ? ' (you)' : ''), select, user.created_at.replace('T', ' ').replace('Z', ' UTC'),
    el('div', { class: 'govuk-button-group govuk-!-margin-bottom-0' }, change, remove)]
}

let me
async function load () {
  const { users } = await api('/api/users')
  document.getElementById('users').replaceChildren(
    table(`${users.length} account(s)`, ['Name', 'Role', 'Added', 'Change'], users.map(u => row(u, me))))
}

form.addEventListener('submit', event => {
  event.preventDefault()
  clearErrors()
  const name = form.elements.name.value.trim()
  const password = form.elements.password.value
  fieldError('name', name ? '' : 'Enter a user name')
  fieldError('password', password.length >= 12 ? '' : 'Enter a password of at least 12 characters')
  const problems = []
  if (!name) problems.push({ text: 'Enter a user name', href: '#name' })
  if (password.length < 12) problems.push({ text: 'Enter a password of at least 12 characters', href: '#password' })
  if (problems.length) return showErrors(problems)
  act(() => api('/api/users', { method: 'POST', json: { name, role: form.elements.role.value, password } }), `${name} was added`)
    .then(() => { if (!document.querySelector('.govuk-error-summary')) form.reset() })
})

async function main () {
  me = await signedIn()
  if (!me.may.manage_users) {
    form.hidden = true
    document.getElementById('add-heading').hidden = true
    throw new Error(`Your role (${me.role}) may not manage accounts`)
  }
  await load()
  startGovUk()
}

main().catch(error => {
  document.getElementById('users').replaceChildren()
  showErrors([{ text: error.message }])
})
