// The LKE simulator: lke/scoring.py ported line for line, recomputed as the user types.
// The page emits the catalogue and the saved answers as JSON (#lke-simulator); nothing is sent back.
(function (root) {
  "use strict";

  var PLACES = 1e10; // figures are compared and displayed after rounding at 10 decimals, as in scoring.py

  function AnswerError(message) { this.message = message; }

  function parseCount(raw) {
    if (raw === null || raw === undefined || String(raw).trim() === "") return null;
    var text = String(raw).trim().replace(",", ".");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new AnswerError("“" + raw + "” bukan angka.");
    var number = Number(text);
    if (!isFinite(number) || number < 0) throw new AnswerError("“" + raw + "” bukan jumlah yang sah (harus angka 0 atau lebih).");
    return number;
  }

  function optionValue(answerTypes, type, answer) {
    var options = answerTypes[type].options;
    for (var i = 0; i < options.length; i++) {
      if (String(answer).trim().toLowerCase() === options[i][0].toLowerCase()) return Number(options[i][1]);
    }
    throw new AnswerError("Jawaban “" + answer + "” tidak termasuk pilihan " + options.map(function (o) { return o[0]; }).join("/") + ".");
  }

  function countsResolved(inputs, counts) {
    var values = {};
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].sum_of) continue;
      var value = parseCount(counts[inputs[i].key]);
      if (value === null) return null;
      values[inputs[i].key] = value;
    }
    inputs.forEach(function (item) {
      if (item.sum_of) values[item.key] = item.sum_of.reduce(function (t, k) { return t + values[k]; }, 0);
    });
    return values;
  }

  function sum(keys, values) { return keys.reduce(function (t, k) { return t + values[k]; }, 0); }

  function percentage(formula, values) {
    var onZero = Number(formula.on_zero);
    if (formula.kind === "reduction") {
      var previous = values[formula.previous], current = values[formula.current];
      if (previous === 0) return current === 0 ? onZero : 0;
      return Math.max(0, Math.min(1, (previous - current) / previous));
    }
    var denominator = sum(formula.denominator, values);
    if (denominator === 0) return onZero;
    return Math.min(1, sum(formula.numerator, values) / denominator);
  }

  function questionValue(answerTypes, question, answer, counts) {
    if (question.answer_type === "persen") {
      var values = countsResolved(question.inputs, counts || {});
      return values === null ? null : percentage(question.formula, values);
    }
    if (!answer || !String(answer).trim()) return null;
    if (question.answer_type === "survei") {
      var score = parseCount(answer), top = Number(answerTypes.survei.max);
      if (score > top) throw new AnswerError("Nilai survei " + answer + " di luar rentang 0–" + top + ".");
      return score / top;
    }
    return optionValue(answerTypes, question.answer_type, answer);
  }

  function round10(x) { return Math.round(x * PLACES) / PLACES; }
  function atLeast(value, minimum) { return round10(value) >= round10(minimum); }

  function assessmentScore(catalogue, answers, holdsWbk) {
    var score = { sub_indikator: {}, values: {}, areas: {}, figures: { total: 0 }, unanswered: [], errors: {} };
    Object.keys(catalogue.questions).forEach(function (qid) {
      var given = answers[qid] || { answer: "", counts: {} }, value;
      try {
        value = questionValue(catalogue.answer_types, catalogue.questions[qid], given.answer, given.counts);
      } catch (error) {
        if (!(error instanceof AnswerError)) throw error;
        score.errors[qid] = error.message;
        value = null;
      }
      score.values[qid] = value;
      if (value === null) score.unanswered.push(Number(qid));
    });
    catalogue.komponen.forEach(function (k) {
      score.figures[k.key] = 0;
      k.sub_komponen.forEach(function (s) { score.figures[s.key] = 0; });
    });
    catalogue.areas.forEach(function (a) { score.areas[a.number] = { pemenuhan: 0, reform: 0, total: 0, bobot: 0 }; });
    catalogue.sub_indikator.forEach(function (si) {
      var total = si.questions.reduce(function (t, q) { return t + (score.values[q] || 0); }, 0);
      var value = total / si.questions.length * Number(si.bobot);
      score.sub_indikator[si.id] = value;
      score.figures[si.sub_komponen] += value;
      score.figures[si.komponen] += value;
      score.figures.total += value;
      if (si.key) score.figures[si.key] = value;
      if (si.area !== null) {
        var area = score.areas[si.area];
        area[si.sub_komponen] += value;
        area.total += value;
        area.bobot += Number(si.bobot);
      }
    });
    Object.keys(score.areas).forEach(function (n) { score.areas[n].ratio = score.areas[n].total / score.areas[n].bobot; });
    score.predikat = predikatVerdict(catalogue.predikat, score, holdsWbk);
    return score;
  }

  function predikatVerdict(predikat, score, holdsWbk) {
    var verdicts = {};
    predikat.forEach(function (level) {
      var fails = [];
      level.rules.forEach(function (rule) {
        var minimum = Number(rule.min);
        if (rule.figure === "area_ratio") {
          Object.keys(score.areas).forEach(function (n) {
            var area = score.areas[n], needed = minimum * area.bobot;
            if (!atLeast(area.total, needed)) {
              fails.push({ figure: "area_ratio", area: Number(n), label: rule.label, min: needed, value: area.total, gap: needed - area.total });
            }
          });
        } else if (!atLeast(score.figures[rule.figure], minimum)) {
          var value = score.figures[rule.figure];
          fails.push({ figure: rule.figure, label: rule.label, min: minimum, value: value, gap: minimum - value });
        }
      });
      if (level.requires && !(level.requires === "wbk" && holdsWbk)) {
        fails.push({ figure: "requires", label: "Telah mendapatkan predikat Menuju WBK", min: null, value: null, gap: null });
      }
      verdicts[level.code] = { name: level.name, met: fails.length === 0, fails: fails };
    });
    return verdicts;
  }

  // "75,00": rounded at 10 decimals, then half up at two, in integers (no binary rounding surprises).
  function display(value) {
    if (value === null || value === undefined) return "–";
    var negative = value < 0, scaled = Math.round(Math.abs(value) * PLACES);
    var cents = Math.floor((scaled + PLACES / 200) / (PLACES / 100));
    var whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var fraction = String(cents % 100).padStart(2, "0");
    return (negative && cents ? "-" : "") + whole + "," + fraction;
  }

  var api = { assessmentScore: assessmentScore, questionValue: questionValue, display: display, AnswerError: AnswerError };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }
  root.LKE = api;

  // ---- the page -------------------------------------------------------------------------------
  function readAnswers(form, saved) {
    var answers = JSON.parse(JSON.stringify(saved));
    form.querySelectorAll("[data-q]").forEach(function (input) {
      var qid = input.getAttribute("data-q");
      answers[qid] = answers[qid] || { answer: "", counts: {} };
      if (input.hasAttribute("data-count")) answers[qid].counts[input.getAttribute("data-count")] = input.value;
      else answers[qid].answer = input.value;
    });
    return answers;
  }

  function render(score, holder) {
    holder.querySelectorAll("[data-figure]").forEach(function (cell) {
      var name = cell.getAttribute("data-figure"), parts = name.split(":"), value;
      if (parts[0] === "area") value = score.areas[parts[1]][parts[2]];
      else value = score.figures[name];
      cell.textContent = parts[2] === "ratio" ? display(value * 100) + "%" : display(value);
    });
    Object.keys(score.predikat).forEach(function (code) {
      var box = holder.querySelector("[data-sim-predikat=" + code + "]");
      if (!box) return;
      var verdict = score.predikat[code];
      box.textContent = "";
      var badge = document.createElement("span");
      badge.className = "badge " + (verdict.met ? "text-bg-success" : "text-bg-danger");
      badge.textContent = verdict.name + ": " + (verdict.met ? box.getAttribute("data-met") : box.getAttribute("data-not-met"));
      box.appendChild(badge);
      if (!verdict.met) {
        var list = document.createElement("ul");
        list.className = "small mb-0";
        verdict.fails.forEach(function (fail) {
          var item = document.createElement("li");
          item.textContent = fail.label + (fail.area ? " · area " + fail.area : "") +
            (fail.gap !== null ? ": " + display(fail.value) + " / " + display(fail.min) + " (" + box.getAttribute("data-short") + " " + display(fail.gap) + ")" : "");
          list.appendChild(item);
        });
        box.appendChild(list);
      }
    });
    var errors = holder.querySelector("[data-sim-errors]");
    if (errors) errors.textContent = Object.keys(score.errors).map(function (q) { return score.errors[q]; }).join(" ");
    var unanswered = holder.querySelector("[data-sim-unanswered]");
    if (unanswered) unanswered.textContent = score.unanswered.length;
  }

  // The dashboard's LKE card: fetched after the page, so the dashboard's cached figures cost no more.
  function loadSummaries() {
    document.querySelectorAll("[data-lke-summary]").forEach(function (box) {
      fetch(box.getAttribute("data-lke-summary"), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html) box.innerHTML = html; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    loadSummaries();
    var data = document.getElementById("lke-simulator");
    var form = document.getElementById("simulator-form");
    if (!data || !form) return;
    var sim = JSON.parse(data.textContent);
    var holder = document.getElementById("simulator");
    var holds = form.querySelector("[data-sim-holds-wbk]");
    function update() {
      var holdsWbk = holds ? holds.checked : sim.holds_wbk;
      render(assessmentScore(sim.catalogue, readAnswers(form, sim.answers), holdsWbk), holder);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    update();
  });
})(this);
