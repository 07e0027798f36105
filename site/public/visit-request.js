// Progressive enhancement for the visit request: while "No" is chosen its fields are hidden, so they leave the
// screen and the tab order (some twenty stops). Without JavaScript every field stays visible, and the server
// ignores them when "No" is sent.
for (const fields of document.querySelectorAll('[data-visit-fields]')) {
  const form = fields.closest('form');
  if (!form) continue;
  const update = () => {
    fields.hidden = form.querySelector('input[name="wantsVisit"]:checked')?.value !== 'yes';
  };
  for (const choice of form.querySelectorAll('input[name="wantsVisit"]')) choice.addEventListener('change', update);
  update();
}
