// The target plan editor (绩效目标): add, move and remove indicator rows, limit 二级指标 to the
// chosen 一级指标, show the operator+number+unit or the text of a target, and keep the weight
// sum (indicators + 预算执行率) in view, warning when it is not 100. The server checks and
// stores everything; sums here are exact (hundredths as integers, never floating point).
(() => {
  "use strict";
  const form = document.getElementById("plan-form");
  const body = document.getElementById("plan-rows");
  if (!form || !body) return;
  const sumRow = document.getElementById("weight-sum");
  const sumIndicators = document.getElementById("sum-indicators");
  const sumTotal = document.getElementById("sum-total");
  const warning = document.getElementById("sum-warning");
  const HUNDRED = 10000; // 100.00 in hundredths

  // "12.5" → 1250; null when not a number with at most two decimals.
  function hundredths(text) {
    const m = /^\s*(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text);
    if (!m) return null;
    return Number(m[1]) * 100 + Number((m[2] || "").padEnd(2, "0"));
  }
  const show = (n) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;

  function updateSum() {
    let sum = 0;
    let bad = 0;
    body.querySelectorAll("[data-weight]").forEach((input) => {
      if (!input.value.trim()) { input.removeAttribute("aria-invalid"); return; }
      const n = hundredths(input.value);
      if (n === null) { bad += 1; input.setAttribute("aria-invalid", "true"); return; }
      input.removeAttribute("aria-invalid");
      sum += n;
    });
    const execution = hundredths(sumRow.dataset.execution) || 0;
    const total = sum + execution;
    sumIndicators.textContent = show(sum);
    sumTotal.textContent = show(total);
    sumTotal.classList.toggle("unbalanced", total !== HUNDRED);
    const notes = [];
    if (total !== HUNDRED) {
      notes.push(`指标分值合计 ${show(sum)} 加预算执行率分值 ${show(execution)} 为 ${show(total)}，` +
                 "不等于 100，请核对（不影响保存和提交）");
    }
    if (bad) notes.push(`有 ${bad} 个分值不是数字`);
    warning.textContent = notes.join("；");
    warning.hidden = notes.length === 0;
  }

  function level2Choices(tr) {
    const level1 = tr.querySelector("[data-level1]").value;
    const level2 = tr.querySelector("[data-level2]");
    for (const group of level2.querySelectorAll("optgroup")) {
      const fits = !level1 || group.label === level1;
      group.hidden = !fits;
      group.disabled = !fits;
    }
    const chosen = level2.selectedOptions[0];
    if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) {
      level2.value = "";
    }
  }

  function targetMode(tr) {
    const isText = tr.querySelector("[data-target-op]").value === "text";
    tr.querySelector("[data-target-number]").hidden = isText;
    tr.querySelector("[data-target-unit]").hidden = isText;
    tr.querySelector("[data-target-text]").hidden = !isText;
  }

  function prepare(tr) { level2Choices(tr); targetMode(tr); }

  function addRow() {
    const template = document.getElementById("plan-row-template");
    const tr = template.content.querySelector("tr").cloneNode(true);
    body.append(tr);
    prepare(tr);
    tr.querySelector("select").focus();
  }

  body.querySelectorAll("tr.plan-row").forEach(prepare);
  updateSum();

  form.addEventListener("input", (event) => {
    if (event.target.matches("[data-weight]")) updateSum();
  });
  form.addEventListener("change", (event) => {
    const tr = event.target.closest("tr.plan-row");
    if (!tr) return;
    if (event.target.matches("[data-level1]")) level2Choices(tr);
    if (event.target.matches("[data-target-op]")) targetMode(tr);
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[type=button]");
    if (!button) return;
    if (button.id === "add-row") { addRow(); return; }
    const tr = button.closest("tr.plan-row");
    if (!tr) return;
    if (button.dataset.move) {
      const other = button.dataset.move === "-1" ? tr.previousElementSibling : tr.nextElementSibling;
      if (other && other.matches("tr.plan-row")) {
        if (button.dataset.move === "-1") other.before(tr); else other.after(tr);
        button.focus();
      }
    } else if (button.hasAttribute("data-remove")) {
      const name = tr.querySelector('[name="name"]').value.trim() || "（未命名）";
      if (window.confirm(`删除指标“${name}”这一行？`)) { tr.remove(); updateSum(); }
    }
  });
})();
