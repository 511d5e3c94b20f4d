/* The product page's option selector, enhanced: as the shopper picks a colour and a size, the
   price, stock, SKU and image follow at once, and every choice says what it would cost and
   whether it is in stock with the other options as chosen. Without this script the same form
   works by submitting ("Show price and stock"). Data comes from the variant table the server
   prints; everything is written as text (textContent), never as HTML. */
(function () {
  "use strict";
  var form = document.querySelector("[data-variant-form]");
  var table = document.querySelector(".variant-table");
  if (!form || !table) { return; }
  var text = form.dataset;
  var variants = Array.prototype.map.call(
    table.querySelectorAll("[data-variant-row]"),
    function (row) {
      var options = {};
      row.dataset.options.split(";").forEach(function (pair) {
        var parts = pair.split("=");
        if (parts[0]) { options[parts[0]] = parts[1]; }
      });
      return {
        id: row.dataset.id,
        options: options,
        price: row.dataset.price,
        priceValue: parseFloat(row.dataset.priceValue),
        stock: parseInt(row.dataset.stock, 10),
        sku: row.dataset.sku,
        image: row.dataset.image,
        srcset: row.dataset.imageSrcset,
        webpSrcset: row.dataset.imageWebpSrcset,
        name: row.dataset.name
      };
    }
  );
  var groups = Array.prototype.slice.call(form.querySelectorAll("[data-option]"));
  var priceOut = document.getElementById("product-price");
  var stockOut = document.getElementById("product-stock");
  var skuOut = document.getElementById("product-sku");
  var image = document.getElementById("product-image");
  var variantInput = form.querySelector("[data-variant-input]");
  var quantity = form.querySelector("#id_quantity");

  function fill(template, value) { return template.replace("%s", value); }

  function chosen() {
    var choice = {};
    groups.forEach(function (group) {
      var checked = group.querySelector("input:checked");
      if (checked) { choice[group.dataset.option] = checked.value; }
    });
    return choice;
  }

  function matching(choice, except) {
    return variants.filter(function (variant) {
      return Object.keys(choice).every(function (key) {
        return key === except || variant.options[key] === choice[key];
      });
    });
  }

  function cheapest(list) {
    return list.reduce(function (best, v) {
      return best === null || v.priceValue < best.priceValue ? v : best;
    }, null);
  }

  function stockText(stock) {
    if (stock < 1) { return text.textSoldOut; }
    return stock <= 5 ? fill(text.textLeft, stock) : text.textInStock;
  }

  function describeChoices(choice) {
    groups.forEach(function (group) {
      var slug = group.dataset.option;
      var others = Object.keys(choice).filter(function (k) { return k !== slug; }).length;
      var exact = others === groups.length - 1;
      group.querySelectorAll("input").forEach(function (input) {
        var trial = Object.assign({}, choice);
        trial[slug] = input.value;
        var found = matching(trial);
        var detail = input.parentNode.querySelector("[data-option-detail]");
        var stock = found.reduce(function (sum, v) { return sum + v.stock; }, 0);
        var best = cheapest(found);
        if (!best) {
          detail.textContent = text.textMissing;
        } else if (stock < 1) {
          detail.textContent = text.textSoldOut;
        } else if (exact) {
          detail.textContent = best.price + " · " + stockText(stock);
        } else {
          detail.textContent = fill(text.textFrom, best.price);
        }
        input.parentNode.classList.toggle("option-unavailable", !best || stock < 1);
      });
      var checked = group.querySelector("input:checked");
      var label = group.querySelector("[data-option-selected]");
      if (label) { label.textContent = checked ? ": " + checked.dataset.name : ""; }
    });
  }

  function update() {
    var choice = chosen();
    describeChoices(choice);
    var complete = Object.keys(choice).length === groups.length;
    var found = complete ? matching(choice) : [];
    var variant = found.length === 1 ? found[0] : null;
    variantInput.value = variant ? variant.id : "";
    if (variant) {
      priceOut.textContent = variant.price;
      stockOut.textContent = stockText(variant.stock).replace(/^./, function (c) {
        return c.toUpperCase();
      });
      stockOut.className = "stock " + (variant.stock > 0 ? "stock-in" : "stock-out");
      skuOut.textContent = variant.sku;
      if (image && variant.image) {
        // The gallery's script (gallery.js) shows the variant's views, in every width.
        var shown = !image.dispatchEvent(new CustomEvent("gallery:replace", {
          cancelable: true,
          detail: { src: variant.image, srcset: variant.srcset, webpSrcset: variant.webpSrcset }
        }));
        if (!shown) { image.src = variant.image; }  // no gallery script on the page
        image.alt = image.alt.replace(/ \(.*\)$/, "") + " (" + variant.name + ")";
      }
      if (quantity) { quantity.max = Math.max(variant.stock, 1); }
    } else {
      var best = cheapest(matching(choice));
      priceOut.textContent = best ? fill(text.textFrom, best.price) : text.textChoose;
      stockOut.textContent = text.textChoose;
      stockOut.className = "stock";
    }
  }

  form.querySelectorAll("[data-no-script]").forEach(function (el) { el.hidden = true; });
  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") { update(); }
  });
  update();
})();
