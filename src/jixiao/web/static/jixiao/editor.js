// The form editor: collects the official layout into a schema-1 form, saves it as the user
// types (the server fills every computed number from the rule engine) and shows the score
// and findings next to the cells they concern. Input is never lost: a failed save says so
// and keeps the page as typed; a conflicting save shows what the other person changed.
(() => {
  "use strict";
  const stateNode = document.getElementById("editor-state");
  if (!stateNode) return;
  const state = JSON.parse(stateNode.textContent);
  const sheet = document.getElementById("sheet");
  const rowsBody = document.getElementById("indicator-rows");
  const saveState = document.getElementById("savestate");
  const conflictBox = document.getElementById("conflict");
  let version = state.version;
  let dirty = false;
  let saving = false;
  let again = false;
  let timer = null;
  let blocked = false; // after a conflict: no autosave until the user decides

  const SAVE_DELAY_MS = 600;
  const RETRY_MS = 5000;

  // ------------------------------------------------------------ reading the page

  const text = (el) => {
    if (!el) return null;
    const v = el.value.trim();
    return v === "" ? null : v;
  };

  function targetOf(tr) {
    const box = tr.querySelector(".target-edit");
    if (!box) return null;
    const op = box.querySelector('[data-target-part="operator"]').value;
    if (op === "text") return text(box.querySelector('[data-target-part="text"]'));
    const number = text(box.querySelector('[data-target-part="number"]'));
    const unit = text(box.querySelector('[data-target-part="unit"]'));
    if (number === null) return unit;
    // As a person writes it (≥100%, ≤1500元); a unit printed in brackets (≥95.00(%)) keeps
    // them, so an untouched target is saved byte for byte (services.records.compose_target).
    const bracket = box.dataset.targetBracket || "";
    if (!unit) return op + number;
    return op + number + (bracket.length === 2 ? bracket[0] + unit + bracket[1] : unit);
  }

  function collect() {
    const byPath = (p) => text(sheet.querySelector(`[data-path="${p}"]`));
    const year = byPath("year");
    const rows = [...sheet.querySelectorAll("[data-funds-row]")].map((tr) => {
      const row = { source: tr.dataset.source };
      if (tr.dataset.label) row.label = tr.dataset.label;
      for (const key of ["initial", "annual", "executed"]) {
        row[key] = text(tr.querySelector(`[data-funds-field="${key}"]`));
      }
      row.rate = null;
      return row;
    });
    const indicators = [...rowsBody.querySelectorAll("tr.ind-row")].map((tr) => {
      const field = (name) => text(tr.querySelector(`[data-field="${name}"]`));
      return {
        level1: field("level1"), level2: field("level2"), name: field("name"),
        target: targetOf(tr), actual: field("actual"), weight: field("weight"),
        score: field("score"), note: field("note"),
      };
    });
    return {
      schema_version: "1",
      kind: byPath("kind") || "project",
      year: year && /^\d{4}$/.test(year) ? Number(year) : null,
      project_name: byPath("project_name") || "",
      department: byPath("department"),
      implementing_unit: byPath("implementing_unit"),
      funds: { unit: byPath("funds.unit"), weight: byPath("funds.weight"), rate: null, score: null, rows },
      goals: { expected: byPath("goals.expected"), actual: byPath("goals.actual") },
      indicators,
      total: { weight: null, score: null },
      grade: null,
    };
  }

  function targetReasons() {
    const out = {};
    rowsBody.querySelectorAll("tr.ind-row").forEach((tr, i) => {
      const reason = tr.querySelector("[data-reason]");
      if (reason && reason.value.trim()) out[i] = reason.value.trim();
    });
    return out;
  }

  // ------------------------------------------------------------ showing results

  function setText(selector, value, suffix = "") {
    document.querySelectorAll(selector).forEach((el) => {
      el.textContent = value === null || value === undefined ? "—" : value + suffix;
    });
  }

  function rowFindings(tr) {
    // A row's findings go in a full-width line under it, next to the cells they concern.
    let line = tr.nextElementSibling;
    if (!line || !line.classList.contains("row-findings")) {
      line = document.createElement("tr");
      line.className = "row-findings";
      const td = document.createElement("td");
      td.colSpan = tr.children.length;
      const ul = document.createElement("ul");
      ul.className = "cell-findings";
      td.append(ul);
      line.append(td);
      tr.after(line);
    }
    return line.querySelector("ul");
  }

  function clearRowFindings() {
    rowsBody.querySelectorAll("tr.row-findings").forEach((tr) => tr.remove());
  }

  function findingTarget(path) {
    const m = /^indicators\[(\d+)\]/.exec(path || "");
    if (m) {
      const tr = rowsBody.querySelectorAll("tr.ind-row")[Number(m[1])];
      return tr ? rowFindings(tr) : null;
    }
    for (const part of ["funds", "goals", "total", "grade"]) {
      if ((path || "").startsWith(part)) {
        return document.querySelector(`[data-findings-for="${part === "grade" ? "total" : part}"]`);
      }
    }
    return null;
  }

  function showFindings(findings) {
    clearRowFindings();
    document.querySelectorAll(".cell-findings").forEach((ul) => { ul.replaceChildren(); });
    const list = document.getElementById("findings");
    list.replaceChildren();
    let errors = 0;
    let warnings = 0;
    for (const f of findings) {
      if (f.severity === "error") errors += 1;
      if (f.severity === "warning") warnings += 1;
      const li = document.createElement("li");
      li.className = "sev-" + f.severity;
      const code = document.createElement("code");
      code.textContent = f.code;
      li.append(code, " " + f.message);
      list.append(li);
      const near = findingTarget(f.path);
      if (near) {
        const item = document.createElement("li");
        item.className = "sev-" + f.severity;
        item.dataset.code = f.code;
        item.textContent = f.code + " " + f.message;
        near.append(item);
      }
    }
    if (!findings.length) {
      const li = document.createElement("li");
      li.className = "sev-info";
      li.textContent = "没有发现问题。";
      list.append(li);
    }
    document.getElementById("error-count").textContent = errors;
    document.getElementById("warning-count").textContent = warnings;
  }

  function showScore(score, form) {
    setText('[data-computed="execution_rate"]', score.execution_rate, "%");
    setText('[data-computed="execution_score"]', score.execution_score);
    setText('[data-computed="total"]', score.total);
    setText('[data-computed="grade"]', score.grade);
    const why = document.querySelector('[data-why="execution_score"]');
    if (why) why.textContent = score.execution_score_explanation.formula;
    const totalWhy = document.querySelector('[data-why="total"]');
    if (totalWhy) totalWhy.textContent = score.total_explanation.formula;
    document.querySelectorAll("[data-total-note]").forEach((note) => {
      note.textContent = score.total_note || "";
      note.hidden = !score.total_note;
    });
    if (form) {
      form.funds.rows.forEach((row, i) => setText(`[data-funds-rate="${i}"]`, row.rate));
      const weight = document.querySelector("[data-total-weight]");
      if (weight) weight.textContent = form.total.weight || "";
      setText("[data-total-score]", form.total.score);
    }
    const trs = rowsBody.querySelectorAll("tr.ind-row");
    for (const row of score.indicators) {
      const tr = trs[row.index];
      if (!tr) continue;
      tr.querySelector("[data-row-score]").textContent = row.computed_score ?? "—";
      tr.querySelector("[data-row-status]").textContent = row.status_label || "";
      tr.querySelector("[data-row-why]").textContent = row.explanation.formula || "";
      const typed = tr.querySelector('[data-field="score"]');
      tr.querySelector("[data-row-score]").classList.toggle(
        "differs", !!(typed && typed.value && row.computed_score && Number(typed.value) !== Number(row.computed_score)));
    }
  }

  function status(kind, message) {
    if (!saveState) return;
    saveState.className = "savestate " + kind;
    saveState.textContent = message;
  }

  function showConflict(error) {
    blocked = true;
    conflictBox.hidden = false;
    conflictBox.replaceChildren();
    const p = document.createElement("p");
    p.textContent = error.message;
    conflictBox.append(p);
    const ul = document.createElement("ul");
    for (const event of error.changed || []) {
      for (const c of (event.changes || []).slice(0, 20)) {
        const li = document.createElement("li");
        li.textContent = `${event.actor}（${event.at.slice(0, 19).replace("T", " ")}）修改了 ${c.label || c.field}：${c.before ?? "空"} → ${c.after ?? "空"}`;
        ul.append(li);
      }
      if (!(event.changes || []).length) {
        const li = document.createElement("li");
        li.textContent = `${event.actor}（${event.at.slice(0, 19).replace("T", " ")}）：${event.action}`;
        ul.append(li);
      }
    }
    conflictBox.append(ul);
    const reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "载入最新版本（放弃本页未保存的输入）";
    reload.addEventListener("click", () => { dirty = false; window.location.reload(); });
    conflictBox.append(reload);
    status("failed", "未保存：与他人的修改冲突，本页输入保留");
  }

  // ------------------------------------------------------------ saving

  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  async function save() {
    if (blocked) return;
    if (saving) { again = true; return; }
    saving = true;
    dirty = false;
    status("saving", "正在保存…");
    let response;
    try {
      response = await fetch(state.saveUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ version, form: collect(), target_reasons: targetReasons() }),
        credentials: "same-origin",
      });
    } catch (err) {
      saving = false;
      dirty = true;
      status("failed", "保存失败：网络不通。输入仍在本页，稍后自动重试");
      timer = setTimeout(save, RETRY_MS);
      return;
    }
    saving = false;
    let payload = null;
    try { payload = await response.json(); } catch (err) { payload = null; }
    if (response.ok && payload) {
      version = payload.version;
      document.getElementById("version").textContent = version;
      showScore(payload.score, payload.form);
      showFindings(payload.findings);
      const time = new Date().toLocaleTimeString("zh-CN", { hour12: false });
      status("saved", `已保存（${time}，第 ${version} 版）`);
    } else if (response.status === 409 && payload) {
      dirty = true;
      showConflict(payload.error);
      return;
    } else {
      dirty = true;
      const message = payload && payload.error ? payload.error.message : `服务器错误（${response.status}）`;
      status("failed", "保存失败：" + message + "。输入仍在本页");
      // Signed out: tried again until the person has signed in (in another tab) once more.
      const code = payload && payload.error ? payload.error.code : "";
      if (response.status >= 500 || response.status === 401 || code === "csrf_failed") {
        timer = setTimeout(save, RETRY_MS);
      }
      return;
    }
    if (again || dirty) { again = false; schedule(); }
  }

  function schedule() {
    dirty = true;
    if (blocked) return;
    status("saving", "有未保存的修改…");
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  }

  // ------------------------------------------------------------ rows

  function renumber() {
    rowsBody.querySelectorAll("tr.ind-row").forEach((tr, i) => { tr.dataset.index = i; });
  }

  function level2List(tr) {
    const select = tr.querySelector('[data-field="level1"]');
    const input = tr.querySelector('[data-field="level2"]');
    if (select && input) input.setAttribute("list", "level2-" + select.value);
  }

  function targetMode(box) {
    const op = box.querySelector('[data-target-part="operator"]').value;
    const isText = op === "text";
    box.querySelector('[data-target-part="number"]').hidden = isText;
    box.querySelector('[data-target-part="unit"]').hidden = isText;
    box.querySelector('[data-target-part="text"]').hidden = !isText;
  }

  function addRow(after) {
    const template = document.getElementById("row-template");
    const tr = template.content.querySelector("tr").cloneNode(true);
    if (after) after.after(tr); else rowsBody.append(tr);
    tr.querySelectorAll(".target-edit").forEach(targetMode);
    renumber();
    tr.querySelector("select, input").focus();
    schedule();
  }

  function unlock(tr) {
    const reason = tr.querySelector("[data-reason]");
    if (reason) { reason.hidden = false; reason.focus(); }
    tr.querySelectorAll("[data-target-field]").forEach((el) => {
      el.readOnly = false;
      el.disabled = false;
    });
  }

  // ------------------------------------------------------------ wiring

  function datalists() {
    for (const [level1, names] of Object.entries(state.levels)) {
      const list = document.createElement("datalist");
      list.id = "level2-" + level1;
      for (const name of names) { const o = document.createElement("option"); o.value = name; list.append(o); }
      document.body.append(list);
    }
    const tiers = document.createElement("datalist");
    tiers.id = "tier-options";
    for (const t of state.tiers) { const o = document.createElement("option"); o.value = t; tiers.append(o); }
    document.body.append(tiers);
  }

  showFindings(state.findings);
  if (!state.editable) return;
  datalists();
  document.querySelectorAll(".target-edit").forEach(targetMode);
  rowsBody.querySelectorAll("tr.ind-row").forEach(level2List);

  // Number cells: text that is not a number is kept and saved as typed, but takes no part in
  // any computation; say so under the cell at once (the rules only see a missing number).
  const NUMBER_CELLS = '[data-funds-field], [data-field="weight"], [data-field="score"], ' +
    '[data-target-part="number"]';
  const FULLWIDTH = "０１２３４５６７８９．－＋％";
  const PLACEHOLDERS = new Set(["", "-", "—", "–", "──", "/", "／", "\\", "*", "无"]);
  const notANumber = (value) => {
    const t = value.replace(/[０-９．－＋％]/g, (c) => "0123456789.-+%"[FULLWIDTH.indexOf(c)])
      .replace(/[\s,，]/g, "");
    if (PLACEHOLDERS.has(t)) return false;
    return !/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:%|万元|万|元)?$/.test(t);
  };
  const checkNumber = (input) => {
    let note = input.nextElementSibling;
    if (!note || !note.classList.contains("not-number")) note = null;
    if (notANumber(input.value)) {
      if (!note) {
        note = document.createElement("span");
        note.className = "not-number";
        note.setAttribute("role", "alert");
        input.after(note);
      }
      note.textContent = `“${input.value.trim()}”不是数字，不参与计算`;
      input.setAttribute("aria-invalid", "true");
    } else {
      if (note) note.remove();
      input.removeAttribute("aria-invalid");
    }
  };
  sheet.querySelectorAll(NUMBER_CELLS).forEach(checkNumber);

  sheet.addEventListener("input", (event) => {
    if (event.target.matches(NUMBER_CELLS)) checkNumber(event.target);
    if (event.target.matches("[data-reason]") && !event.target.value.trim()) return;
    schedule();
  });
  sheet.addEventListener("change", (event) => {
    const el = event.target;
    if (el.matches('[data-target-part="operator"]')) targetMode(el.closest(".target-edit"));
    if (el.matches('[data-field="level1"]')) level2List(el.closest("tr"));
    schedule();
  });
  sheet.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const tr = button.closest("tr.ind-row");
    if (button.id === "add-row") { clearRowFindings(); addRow(null); return; }
    if (!tr) return;
    clearRowFindings();
    if (button.dataset.move) {
      const other = button.dataset.move === "-1" ? tr.previousElementSibling : tr.nextElementSibling;
      if (other) {
        if (button.dataset.move === "-1") other.before(tr); else other.after(tr);
        renumber();
        button.focus();
        schedule();
      }
    } else if (button.hasAttribute("data-remove")) {
      const name = tr.querySelector('[data-field="name"]').value || "（未命名）";
      if (window.confirm(`删除指标“${name}”这一行？`)) { tr.remove(); renumber(); schedule(); }
    } else if (button.hasAttribute("data-unlock")) {
      unlock(tr);
    }
  });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      clearTimeout(timer);
      save();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty || saving) { event.preventDefault(); event.returnValue = ""; }
  });
  // Submitting: save first, so what is submitted is what the page shows.
  const workflow = document.getElementById("workflow-form");
  if (workflow) {
    workflow.addEventListener("submit", (event) => {
      if (!dirty && !saving) return;
      event.preventDefault();
      const submitter = event.submitter;
      clearTimeout(timer);
      const wait = () => (saving ? setTimeout(wait, 100) : save().then(() => {
        if (!dirty && !blocked) workflow.requestSubmit(submitter);
      }));
      wait();
    });
  }
})();

// 复核: the re-scores have a form of their own (Enter in a score cell re-scores, never
// returns the form); the comment typed in the 意见 box goes with them.
(() => {
  "use strict";
  const review = document.getElementById("review-form");
  const comment = document.getElementById("comment");
  if (!review || !comment) return;
  review.addEventListener("submit", () => {
    review.querySelector('input[name="comment"]').value = comment.value;
  });
})();
