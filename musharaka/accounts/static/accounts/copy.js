// "Copy" buttons for read-only fields (the new API token). Without JavaScript the field can still be selected.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  const field = document.getElementById(button.dataset.copyTarget);
  const status = document.getElementById(button.dataset.copyTarget.replace(/-key$/, "-status"));
  if (!field || !navigator.clipboard) return;
  button.classList.remove("d-none");
  field.addEventListener("focus", () => field.select());
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(field.value);
    button.textContent = button.dataset.copiedLabel;
    if (status) status.textContent = button.dataset.copiedLabel;
  });
});
