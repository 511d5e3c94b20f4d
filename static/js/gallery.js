/* The product page's gallery, enhanced: a thumbnail shows its view in the main picture at
   once instead of loading the page again (?image=N, which works without this script), the
   address follows, and the arrow keys, Home and End move between thumbnails. A colour picked
   in the option selector (variants.js) brings that colour's views. */
(function () {
  "use strict";
  var gallery = document.querySelector("[data-gallery]");
  var image = document.getElementById("product-image");
  if (!gallery || !image) { return; }
  var source = image.parentNode.tagName === "PICTURE"
    ? image.parentNode.querySelector("source") : null;
  var thumbs = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-thumb]"));
  var kind = image.alt.replace(/, [^,(]*( \(.*\))?$/, "");

  function show(src, srcset, webpSrcset) {
    if (source) {
      if (webpSrcset) { source.srcset = webpSrcset; } else { source.removeAttribute("srcset"); }
    }
    if (srcset) { image.srcset = srcset; } else { image.removeAttribute("srcset"); }
    image.src = src;
  }

  function select(thumb) {
    var d = thumb.dataset;
    show(d.src, d.srcset, d.webpSrcset);
    var variant = image.alt.match(/ \(.*\)$/);
    image.alt = kind + ", " + d.name + (variant ? variant[0] : "");
    thumbs.forEach(function (other) {
      if (other === thumb) { other.setAttribute("aria-current", "true"); }
      else { other.removeAttribute("aria-current"); }
    });
  }

  thumbs.forEach(function (thumb, index) {
    thumb.addEventListener("click", function (event) {
      event.preventDefault();
      select(thumb);
      if (window.history.replaceState) {
        window.history.replaceState(null, "", thumb.getAttribute("href").split("#")[0]);
      }
    });
    thumb.addEventListener("keydown", function (event) {
      var next = {
        ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1,
        Home: 0, End: thumbs.length - 1
      }[event.key];
      if (next === undefined) { return; }
      event.preventDefault();
      thumbs[(next + thumbs.length) % thumbs.length].focus();
    });
  });

  // A variant's main image is the first view of its own gallery: the thumbnails' files sit in
  // the same layout beside it, so they follow by swapping the folder.
  image.addEventListener("gallery:replace", function (event) {
    var detail = event.detail;
    event.preventDefault();  // shown here: variants.js leaves the picture alone
    var folder = /\/1-\d+\.png$/;
    var current = thumbs.filter(function (t) { return t.hasAttribute("aria-current"); })[0];
    var oldBase = thumbs.length ? thumbs[0].dataset.src.replace(folder, "/") : "";
    var newBase = detail.src.replace(folder, "/");
    if (!thumbs.length || !folder.test(detail.src) || oldBase === newBase) {
      if (!thumbs.length || !folder.test(detail.src)) {
        show(detail.src, detail.srcset, detail.webpSrcset);
      }
      return;
    }
    thumbs.forEach(function (thumb) {
      ["src", "srcset", "webpSrcset"].forEach(function (key) {
        thumb.dataset[key] = thumb.dataset[key].split(oldBase).join(newBase);
      });
      var img = thumb.querySelector("img");
      var small = thumb.querySelector("source");
      img.src = thumb.dataset.src;
      if (img.srcset) { img.srcset = thumb.dataset.srcset; }
      if (small) { small.srcset = thumb.dataset.webpSrcset; }
    });
    select(current || thumbs[0]);
  });
}());
