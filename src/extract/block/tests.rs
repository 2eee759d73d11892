//! Synthetic block pages, one or more per vendor, and the content pages that must not be
//! mistaken for them.

use super::*;

fn check(html: &str, has_content: bool) -> Option<BlockVerdict> {
    detect(&Html::parse_document(html), html, &[], has_content, None)
}

fn served(
    html: &str,
    has_content: bool,
    status: u16,
    headers: &[(&str, &str)],
) -> Option<BlockVerdict> {
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let served = Served {
        status,
        headers: &headers,
    };
    detect(
        &Html::parse_document(html),
        html,
        &[],
        has_content,
        Some(served),
    )
}

/// The vendor of an empty (no listings) page, or a message saying it was not blocked.
fn vendor(html: &str) -> String {
    check(html, false).map_or_else(|| "not blocked".into(), |v| v.vendor)
}

/// Paragraphs of ordinary product copy, `n` characters or more.
fn copy(n: usize) -> String {
    let para = "<p>Stainless steel travel mug, double wall, 450 ml, keeps drinks hot for \
                six hours. Lid with silicone seal; fits most car cup holders.</p>";
    para.repeat(n / 120 + 1)
}

#[test]
fn cloudflare_js_and_managed_challenges() {
    let js = "<html><head><title>Just a moment...</title></head><body>\
              <div id=\"challenge-running\">Checking if the site connection is secure</div>\
              <script>window._cf_chl_opt={cvId:'3',cType:'managed',cRay:'8a1b'};</script>\
              <script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8a1b\"></script>\
              </body></html>";
    let v = check(js, false).expect("blocked");
    assert_eq!(v.vendor, "cloudflare");
    assert!(v.to_string().starts_with("cloudflare: "), "{v}");
    // The title alone names it even when a profile read a "listing" off the page.
    assert_eq!(
        check(
            "<title>Just a moment...</title><h1>Just a moment...</h1>",
            true
        )
        .map(|v| v.vendor),
        Some("cloudflare".into())
    );
    let blocked = "<title>Attention Required! | Cloudflare</title><div id=\"cf-error-details\">\
                   <h1>Sorry, you have been blocked</h1><p>Cloudflare Ray ID: 8a1b</p></div>";
    assert_eq!(vendor(blocked), "cloudflare");
}

#[test]
fn cloudflare_turnstile_interstitial() {
    let html = "<title>example.com</title><h1>Verify you are human</h1>\
                <div class=\"cf-turnstile\" data-sitekey=\"0x4AAA\"></div>\
                <script src=\"https://challenges.cloudflare.com/turnstile/v0/api.js\"></script>";
    assert_eq!(vendor(html), "cloudflare");
}

#[test]
fn akamai_edge_denial_and_bot_manager_interstitial() {
    let denied = "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>\
                  You don't have permission to access \"http&#58;&#47;&#47;shop&#46;example\" on this server.\
                  <P>Reference&#32;&#35;18&#46;ab12&#46;1700000000&#46;1f</BODY></HTML>";
    let v = check(denied, false).expect("blocked");
    assert_eq!(v.vendor, "akamai");
    assert!(v.evidence.contains("reference #"), "{v}");
    let interstitial = "<html><body><form id=\"f\" method=\"post\" action=\"/_sec/verify?provider=interstitial\">\
                        <input type=\"hidden\" name=\"bm-verify\" value=\"AAQ\"></form>\
                        <script>document.getElementById('f').submit()</script></body></html>";
    assert_eq!(vendor(interstitial), "akamai");
}

#[test]
fn perimeterx_press_and_hold() {
    let html = "<html><head><title>Access to this page has been denied</title></head><body>\
                <h1>Before we continue...</h1><p>Press &amp; Hold to confirm you are a human (and not a bot).</p>\
                <div id=\"px-captcha\"></div>\
                <script>window._pxAppId='PXab12cd34';window._pxUuid='0f3c';</script>\
                <script src=\"https://captcha.px-cdn.net/PXab12cd34/captcha.js?a=c&m=0\"></script>\
                </body></html>";
    let v = check(html, false).expect("blocked");
    assert_eq!(v.vendor, "perimeterx");
    assert!(v.evidence.contains("#px-captcha"), "{v}");
}

#[test]
fn datadome_captcha_script_and_frame() {
    let script = "<html><head><title>shop.example</title></head><body>\
                  <p id=\"cmsg\">Please enable JS and disable any ad blocker</p>\
                  <script>var dd={'rt':'c','cid':'AHrl','hsh':'2211','t':'fe','host':'geo.captcha-delivery.com'}</script>\
                  <script src=\"https://ct.captcha-delivery.com/c.js\"></script></body></html>";
    assert_eq!(vendor(script), "datadome");
    let frame = "<html><body><iframe src=\"https://geo.captcha-delivery.com/captcha/?initialCid=AHrl&amp;cid=x\" \
                 width=\"100%\" height=\"100%\"></iframe></body></html>";
    assert_eq!(vendor(frame), "datadome");
}

#[test]
fn imperva_incident_frame() {
    let html = "<html style=\"height:100%\"><head><META NAME=\"ROBOTS\" CONTENT=\"NOINDEX, NOFOLLOW\"></head>\
                <body style=\"margin:0px;height:100%\"><iframe id=\"main-iframe\" \
                src=\"/_Incapsula_Resource?SWUDNSAI=31&amp;xinfo=1-2&amp;incident_id=123-456&amp;edet=15\" \
                frameborder=0 width=\"100%\" height=\"100%\">Request unsuccessful. Incapsula incident ID: 123-456</iframe>\
                </body></html>";
    assert_eq!(vendor(html), "imperva");
}

#[test]
fn aws_waf_challenge_interstitial() {
    let html = "<!DOCTYPE html><html><head><script>window.awsWafCookieDomainList = [];\
                window.gokuProps = {\"key\":\"AQID\",\"iv\":\"A6we\",\"context\":\"qT1x\"};</script>\
                <script src=\"https://a1b2.edge.sdk.awswaf.com/a1b2/c3d4/challenge.js\"></script></head>\
                <body><div id=\"challenge-container\"></div><script>AwsWafIntegration.checkForceRefresh().then(function(r){\
                if (r) { AwsWafIntegration.forceRefreshToken().then(function(){ window.location.reload(true); }); }});\
                </script><noscript><h1>JavaScript is disabled</h1></noscript></body></html>";
    assert_eq!(vendor(html), "aws-waf");
}

#[test]
fn alibaba_slider_punish_pages() {
    let zh = "<html><head><title>验证码拦截</title></head><body><div id=\"nocaptcha\"></div>\
              <p>亲，请拖动下方滑块完成验证</p><script>window._config_ = {\"action\": \"captcha\", \
              \"url\": \"https://detail.1688.com/_____tmd_____/punish?x5secdata=xd12\"};</script></body></html>";
    assert_eq!(vendor(zh), "alibaba-slider");
    let en = "<html><head><title>Captcha Interception</title></head><body><div id=\"baxia-punish\">\
              <p>Sorry, we have detected unusual traffic from your network.</p></div></body></html>";
    assert_eq!(vendor(en), "alibaba-slider");
}

#[test]
fn amazon_robot_checks() {
    let classic = "<html><head><title>Amazon.com</title></head><body><h4>Enter the characters you see below</h4>\
                   <p>Sorry, we just need to make sure you're not a robot.</p>\
                   <form method=\"get\" action=\"/errors/validateCaptcha\" name=\"\">\
                   <input type=hidden name=\"amzn\" value=\"x\"><img src=\"https://images-na.ssl-images-amazon.com/captcha/abc/Captcha_x.jpg\">\
                   <input id=\"captchacharacters\" name=\"field-keywords\" type=\"text\"></form></body></html>";
    assert_eq!(vendor(classic), "amazon-robot-check");
    // The newer button-only page: nothing but a form to continue, on an Amazon page.
    let button = "<html><head><title>Amazon.com</title></head><body><div class=\"a-box\">\
                  <h4>Click the button below to continue shopping</h4>\
                  <form method=\"get\" action=\"/continue\"><button type=\"submit\">Continue shopping</button></form>\
                  </div><p>© 1996-2025, Amazon.com, Inc. or its affiliates</p></body></html>";
    assert_eq!(vendor(button), "amazon-robot-check");
}

#[test]
fn recaptcha_and_hcaptcha_interstitials_on_an_otherwise_empty_page() {
    let re = "<html><head><title>One more step</title></head><body><form method=\"post\" action=\"/verify\">\
              <div class=\"g-recaptcha\" data-sitekey=\"6Lc\"></div><button>Submit</button></form>\
              <script src=\"https://www.google.com/recaptcha/api.js\" async defer></script></body></html>";
    assert_eq!(vendor(re), "recaptcha");
    let google = "<html><body><form action=\"/sorry/index\" method=\"post\"><div id=\"recaptcha\"></div></form>\
                  <p>Our systems have detected unusual traffic from your computer network.</p></body></html>";
    assert_eq!(vendor(google), "recaptcha");
    let h = "<html><body><form><div class=\"h-captcha\" data-sitekey=\"10000000\"></div></form>\
             <script src=\"https://js.hcaptcha.com/1/api.js\"></script></body></html>";
    assert_eq!(vendor(h), "hcaptcha");
}

#[test]
fn login_walls() {
    let form = "<html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1>\
                <form action=\"/login\" method=\"post\"><input name=\"user\">\
                <input type=\"password\" name=\"pass\"><button>Sign in</button></form></body></html>";
    assert_eq!(vendor(form), "login-wall");
    let script = "<a id=\"go\"></a><script>var a = document.getElementById('go');\
                  a.href = 'https://login.market.example/member/signin.htm?Done=' + encodeURIComponent(location.href);\
                  a.click();</script>";
    assert_eq!(vendor(script), "login-wall");
    let refresh = "<html><head><meta http-equiv=\"Refresh\" content=\"0; url=https://passport.market.example/login?return=%2Fs\">\
                   </head><body></body></html>";
    assert_eq!(vendor(refresh), "login-wall");
    let config = "<script>window._config_ = {\"action\": \"login\", \"url\": \"https://x.example/\"};</script>";
    assert_eq!(vendor(config), "login-wall");
}

#[test]
fn phrase_markers_remain_the_generic_fallback() {
    let v = check(
        "<html><head><title>Security Verification</title></head><body>Please complete the captcha below to continue.</body></html>",
        false,
    )
    .expect("blocked");
    assert_eq!(v.vendor, GENERIC);
    assert_eq!(
        v.to_string(),
        "generic: visible text of a small page without listings contains \"captcha\""
    );
    assert!(
        check(
            "<title>验证码拦截</title><p>亲，请拖动下方滑块完成验证</p>",
            false
        )
        .is_some()
    );
    // A vendor's sensor on a marker page names the vendor.
    let px =
        "<title>Access Denied</title><p>Access denied.</p><script>window._pxAppId='PXab';</script>";
    assert_eq!(vendor(px), "perimeterx");
}

#[test]
fn body_markers_need_a_small_empty_page() {
    assert!(check("<p>Please complete the CAPTCHA</p>", false).is_some());
    assert_eq!(check("<p>Please complete the CAPTCHA</p>", true), None);
}

#[test]
fn a_content_page_with_a_sensor_script_is_not_blocked() {
    let sensors = "<script>window._pxAppId='PXab12cd34';</script>\
                   <script src=\"https://client.perimeterx.net/PXab12cd34/main.min.js\"></script>\
                   <script>var bm_sz='x'; document.cookie.indexOf('_abck');</script>\
                   <script src=\"https://js.datadome.co/tags.js\"></script>\
                   <script src=\"/_Incapsula_Resource?SWJIYLWA=719d\"></script>\
                   <script src=\"https://g.alicdn.com/AWSC/AWSC/awsc.js\"></script><script>var baxiaCommon={};</script>\
                   <script>window.__CF$cv$params={r:'8a',t:'MT'};</script>\
                   <script src=\"/cdn-cgi/challenge-platform/scripts/jsd/main.js\"></script>\
                   <script src=\"https://a1.edge.sdk.awswaf.com/a1/b2/challenge.js\"></script>";
    let product = format!(
        "<html><head><title>Travel mug 450 ml</title><link rel=\"canonical\" href=\"https://shop.example/p/1\">\
         {sensors}</head><body><h1>Travel mug 450 ml</h1>{}</body></html>",
        copy(1500)
    );
    assert_eq!(check(&product, true), None, "with a listing");
    assert_eq!(
        check(&product, false),
        None,
        "even when the profile found none"
    );
    // Not even on a 403: the page has content.
    assert_eq!(served(&product, true, 403, &[]), None);
}

#[test]
fn a_product_page_with_recaptcha_on_a_contact_form_is_not_blocked() {
    let html = format!(
        "<html><head><title>Travel mug 450 ml</title><meta property=\"og:title\" content=\"Travel mug\"></head>\
         <body><h1>Travel mug 450 ml</h1>{}<form action=\"/inquiry\"><textarea name=\"msg\"></textarea>\
         <div class=\"g-recaptcha\" data-sitekey=\"6Lc\"></div><button>Contact supplier</button></form>\
         <script src=\"https://www.google.com/recaptcha/api.js\"></script></body></html>",
        copy(1500)
    );
    assert_eq!(check(&html, true), None);
    assert_eq!(check(&html, false), None);
}

#[test]
fn a_seller_named_sign_in_is_not_a_block_page() {
    let html = "<title>Sign In - Manufacturer of Sign Boards</title><h1>Sign In</h1>\
                <a href=\"https://my.market.example/login?ref=x\">Sign in</a>";
    assert_eq!(check(html, true), None);
    let with_marker = detect(
        &Html::parse_document(html),
        html,
        &["sign in".into()],
        true,
        None,
    );
    assert!(
        with_marker.is_some(),
        "a profile marker in a small page's title counts"
    );
    let big = format!(
        "<title>Sign In - Boards</title><h1>Sign In</h1><p>{}</p>",
        "boards ".repeat(5000)
    );
    assert_eq!(
        detect(
            &Html::parse_document(&big),
            &big,
            &["sign in".into()],
            true,
            None
        ),
        None
    );
}

#[test]
fn an_item_not_found_page_is_not_blocked() {
    let recs: String = (0..20)
        .map(|i| {
            format!(
                "<li><a href=\"/item/{i}.html\">Recommended travel mug model {i}</a> US $4.{i}</li>"
            )
        })
        .collect();
    let html = format!(
        "<html><head><meta property=\"og:title\" content=\"Travel mug\">\
         <script src=\"https://g.alicdn.com/AWSC/AWSC/awsc.js\"></script><script>var baxia = 1;</script>\
         <script>if (!user) {{ loginUrl = 'https://login.market.example/login.htm'; }}</script></head>\
         <body><h1>Sorry, the page you requested can not be found</h1><h2>You may also like</h2><ul>{recs}</ul>\
         </body></html>"
    );
    assert_eq!(check(&html, false), None);
}

#[test]
fn a_content_page_with_a_punished_sub_request_is_not_blocked() {
    // A rendered result page whose ad XHR was punished: the punish frame is for the XHR.
    let html = format!(
        "<html><head><title>数据线 - 阿里巴巴</title></head><body>{}\
         <iframe src=\"https://data.market.example/ajax/offers.json_____tmd_____/punish?x5secdata=xd1\"></iframe>\
         <script src=\"https://g.alicdn.com/AWSC/AWSC/awsc.js\"></script></body></html>",
        copy(2000)
    );
    assert_eq!(check(&html, false), None);
}

#[test]
fn a_bare_shell_page_that_identifies_its_item_is_not_a_login_wall() {
    let html = "<html><head><meta property=\"og:title\" content=\"GaN charger 65 W\">\
                <meta property=\"og:url\" content=\"https://shop.example/item/1.html\">\
                <script>window.runParams = {};</script>\
                <script>if (needLogin) { window.location.href = 'https://login.shop.example/?return=1'; }</script>\
                <script src=\"https://g.alicdn.com/AWSC/AWSC/awsc.js\"></script></head>\
                <body><div id=\"root\"></div></body></html>";
    assert_eq!(check(html, false), None);
}

#[test]
fn captcha_inside_scripts_of_a_content_page_does_not_block() {
    let html = "<title>条纹长裤</title><script>var captcha = 'nc';</script><h1>条纹长裤</h1>";
    assert_eq!(check(html, true), None);
}

#[test]
fn conclusive_headers_block_on_their_own() {
    let page = "<html><body><p>One moment.</p></body></html>";
    let v = served(
        page,
        false,
        403,
        &[("CF-Mitigated", "challenge"), ("server", "cloudflare")],
    )
    .expect("blocked");
    assert_eq!(v.vendor, "cloudflare");
    assert!(v.evidence.contains("cf-mitigated: challenge"), "{v}");
    let v = served(page, false, 202, &[("x-amzn-waf-action", "challenge")]).expect("blocked");
    assert_eq!(v.vendor, "aws-waf");
    let v = served(page, false, 405, &[("x-amzn-waf-action", "captcha")]).expect("blocked");
    assert_eq!(v.evidence, "header x-amzn-waf-action: captcha");
}

#[test]
fn edge_denials_and_refusals_with_a_sensor_block() {
    let empty = "<html><body></body></html>";
    let v = served(empty, false, 403, &[("Server", "AkamaiGHost")]).expect("blocked");
    assert_eq!(v.vendor, "akamai");
    let v = served(empty, false, 403, &[("x-datadome-cid", "AHrl")]).expect("blocked");
    assert_eq!(v.vendor, "datadome");
    let px = format!(
        "<html><head><script>window._pxAppId='PXab';</script></head><body><h1>Please wait</h1>{}",
        "<p>We are looking into your request; this can take a few seconds.</p>".repeat(8)
    );
    assert_eq!(check(&px, false), None, "the page alone says nothing");
    let v = served(&px, false, 403, &[]).expect("blocked");
    assert_eq!(v.vendor, "perimeterx");
    assert!(v.evidence.starts_with("HTTP 403 with"), "{v}");
}

#[test]
fn vendor_headers_name_a_generic_block_but_never_make_one() {
    let generic = "<title>Security check</title><p>Please complete the captcha.</p>";
    let v = served(generic, false, 200, &[("Server", "cloudflare")]).expect("blocked");
    assert_eq!(v.vendor, "cloudflare");
    let v = served(
        generic,
        false,
        200,
        &[("Set-Cookie", "incap_ses_12_34=abc; path=/")],
    )
    .expect("blocked");
    assert_eq!(v.vendor, "imperva");
    // A content page served by a protected site is content; so is a plain 404.
    let content = format!("<title>Travel mug</title><h1>Travel mug</h1>{}", copy(1000));
    let cdn = [
        ("server", "cloudflare"),
        ("cf-ray", "8a1b-FRA"),
        ("set-cookie", "__cf_bm=abc; path=/"),
        ("x-datadome", "protected"),
        ("x-iinfo", "1-2-3"),
    ];
    assert_eq!(served(&content, true, 200, &cdn), None);
    assert_eq!(served(&content, false, 200, &cdn), None);
    let missing = "<title>Page not found</title><h1>Sorry, this item is no longer available</h1>";
    assert_eq!(served(missing, false, 404, &cdn), None);
    // A 403 from an origin behind Cloudflare, with no challenge, is an HTTP error.
    assert_eq!(
        served(missing, false, 403, &[("server", "cloudflare")]),
        None
    );
}

#[test]
fn verdict_from_response_is_a_pure_combination() {
    let h = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let generic = BlockVerdict::new(GENERIC, "title contains \"access denied\"");
    let v = verdict_from_response(403, &h(&[("Server", "AkamaiGHost")]), Some(&generic))
        .expect("blocked");
    assert_eq!(
        v.to_string(),
        "akamai: title contains \"access denied\"; header server: akamaighost"
    );
    // A named markup verdict stands; no markup and no telling header is no block.
    let px = BlockVerdict::new("perimeterx", "element #px-captcha");
    assert_eq!(
        verdict_from_response(200, &h(&[("server", "cloudflare")]), Some(&px)),
        Some(px)
    );
    assert_eq!(
        verdict_from_response(403, &h(&[("server", "nginx")]), None),
        None
    );
}
