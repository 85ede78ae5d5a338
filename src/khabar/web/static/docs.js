// khabar web: Swagger UI for /openapi.json, from the vendored swagger-ui-dist bundle (no validator, no CDN).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("swagger-ui");
  if (!box || typeof SwaggerUIBundle === "undefined") { return; }
  window.khabarDocs = SwaggerUIBundle({ url: box.dataset.spec, domNode: box, validatorUrl: null, deepLinking: false,
                                        tryItOutEnabled: false, supportedSubmitMethods: ["get"] });
});
