// Progressive enhancement for slow form posts (automatic planning): say that work is under way and keep
// the button from being pressed twice. Without JavaScript the form works the same, just without the note.
for (const form of document.querySelectorAll('form[data-busy]')) {
  form.addEventListener('submit', () => {
    const button = form.querySelector('button[type="submit"]');
    if (!button) return;
    button.setAttribute('aria-disabled', 'true');
    form.setAttribute('aria-busy', 'true');
    const status = document.createElement('p');
    status.setAttribute('role', 'status');
    status.className = 'busy-note';
    status.textContent = form.dataset.busy ?? '';
    form.append(status);
    form.addEventListener('submit', (event) => event.preventDefault());
  });
}
