//! Maps of places: marks over the theme's basemap, `themes/default/static/world.svg`.
//!
//! The basemap is equirectangular with one unit a degree ([`WORLD`] is its `viewBox`, and
//! [`project`] puts a place in it). It is referenced (`<image href>`), never inlined, so each
//! page carries only its marks. Every map is 360 × 180 units (coordinates to 0.1 unit): the
//! world map is the basemap's own coordinates, cropped; a locator map scales the basemap up
//! behind its marks, so that its hairline borders, sized in its own units, stay hairlines.
//!
//! - [`world_map`]: every place given, a circle whose area is proportional to its count (1.5 to
//!   8 degrees of radius), largest drawn first so that small marks stay on top and clickable.
//!   Cropped to 84° N–58° S unless a mark lies beyond.
//! - [`locator_map`]: a small map around a few places (a place page's one place, a document's
//!   places), all marks one size, and optionally a cable's route from one mark to another as a
//!   great circle with an arrowhead at the receiving end (Havana → Tokyo crosses North America
//!   and the Pacific: the map runs on across the date line, the basemap drawn twice).
//!
//! Classes: `map` (the `<svg>`), `map-marks` (the group of `<a><title/><circle/></a>`),
//! `map-route` (the route's `<path>`s). The caller renders the text alternative: the same
//! places, names linked, with their counts.

use std::f64::consts::PI;

use super::{close_link, documents, escape_into, num_into, open_link, open_svg};

/// The basemap's `viewBox`: x = longitude + 180, y = 90 − latitude.
pub const WORLD: [f64; 4] = [0.0, 0.0, 360.0, 180.0];

/// A place in the basemap's coordinates: latitude and longitude in degrees → (x, y).
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    (lon + 180.0, 90.0 - lat)
}

/// One place on a map. `href` is the place's page relative to the page the map is on (empty:
/// the mark is not a link); `count` is shown in the mark's title and sizes it on the world map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark<'a> {
    pub name: &'a str,
    pub href: &'a str,
    pub lat: f64,
    pub lon: f64,
    pub count: u64,
}

impl Mark<'_> {
    fn title(&self) -> String {
        format!("{}: {}", self.name, documents(self.count))
    }
}

/// The world with a circle for each mark, sized by its count (area ∝ count). `basemap_href`:
/// `world.svg` relative to the page; `label`: the figure's accessible name ("Map of the places
/// the documents name").
pub fn world_map(marks: &[Mark], basemap_href: &str, label: &str) -> String {
    // 84° N to 58° S holds every inhabited place; Antarctica only when a mark is there.
    let (mut top, mut bottom) = (6.0_f64, 148.0_f64);
    for m in marks {
        let (_, y) = project(m.lat, m.lon);
        top = top.min(y - 9.0);
        bottom = bottom.max(y + 9.0);
    }
    let (top, bottom) = (top.max(0.0), bottom.min(180.0));
    let mut out = String::with_capacity(400 + marks.len() * 120);
    open_svg(
        &mut out,
        "map",
        "",
        Some([0.0, top, 360.0, bottom - top]),
        label,
    );
    image(&mut out, basemap_href, 0.0, 0.0, 360.0);
    let most = marks.iter().map(|m| m.count).max().unwrap_or(0).max(1);
    let mut order: Vec<&Mark> = marks.iter().collect();
    order.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(b.name)));
    out.push_str(
        "<g class=\"map-marks\" fill=\"currentColor\" fill-opacity=\".45\" stroke=\"currentColor\" stroke-width=\".3\">",
    );
    for m in order {
        let (x, y) = project(m.lat, m.lon);
        let r = (8.0 * (m.count as f64 / most as f64).sqrt()).max(1.5);
        open_link(&mut out, m.href, &m.title());
        circle(&mut out, x, y, r);
        close_link(&mut out, m.href);
    }
    out.push_str("</g></svg>");
    out
}

/// A small map around `marks` (padded, at least 30° × 15°, twice as wide as high), each mark
/// the same size; `route`: indices into `marks` of the place a cable was sent from and the one
/// it was received at, drawn as a great-circle line (none when both are one place). Returns an
/// empty string when there are no marks.
pub fn locator_map(
    marks: &[Mark],
    route: Option<(usize, usize)>,
    basemap_href: &str,
    label: &str,
) -> String {
    if marks.is_empty() {
        return String::new();
    }
    let path = route
        .and_then(|(from, to)| Some((marks.get(from)?, marks.get(to)?)))
        .map(|(a, b)| great_circle((a.lat, a.lon), (b.lat, b.lon)))
        .unwrap_or_default();
    let points = || {
        marks
            .iter()
            .map(|m| (m.lon, m.lat))
            .chain(path.iter().copied())
    };
    let (mut west, span) = longitudes(points().map(|(lon, _)| lon));
    // The view's middle within -180..180, so that the basemap is drawn once where it can be.
    if west + span / 2.0 >= 180.0 {
        west -= 360.0;
    }
    // Each longitude as it lies east of `west`, so that the view may run past 180°.
    let place = |lon: f64| west + (lon - west).rem_euclid(360.0);
    let (south, north) = points().fold((90.0_f64, -90.0_f64), |(s, n), (_, lat)| {
        (s.min(lat), n.max(lat))
    });
    let mut width = (span * 1.4).max(span + 10.0).max(30.0);
    let mut height = ((north - south) * 1.4).max(north - south + 6.0).max(15.0);
    if width < 2.0 * height {
        width = 2.0 * height;
    } else {
        height = width / 2.0;
    }
    if width > 360.0 {
        (width, height) = (360.0, 180.0);
    }
    let x0 = place(west) + span / 2.0 + 180.0 - width / 2.0;
    let y0 = (90.0 - (north + south) / 2.0 - height / 2.0).clamp(0.0, 180.0 - height);

    // The view is drawn at 360 × 180 units whatever it holds, the basemap scaled up behind it:
    // the basemap's hairlines are sized in its own units, so they stay hairlines.
    let k = 360.0 / width;
    let to_view = |(x, y): (f64, f64)| ((x - x0) * k, (y - y0) * k);
    let mut out = String::with_capacity(600 + marks.len() * 120 + path.len() * 12);
    open_svg(&mut out, "map", "", Some(WORLD), label);
    // The basemap again wherever the view runs past the date line.
    for copy in [-360.0, 0.0, 360.0] {
        if copy < x0 + width && copy + 360.0 > x0 {
            let (x, y) = to_view((copy, 0.0));
            image(&mut out, basemap_href, x, y, 360.0 * k);
        }
    }
    let r = 5.0;
    if path.len() > 1 {
        let xy: Vec<(f64, f64)> = path
            .iter()
            .map(|&(lon, lat)| to_view(project(lat, place(lon))))
            .collect();
        route_path(&mut out, &xy, r);
    }
    out.push_str("<g class=\"map-marks\" fill=\"currentColor\" fill-opacity=\".6\" stroke=\"currentColor\" stroke-width=\".8\">");
    for m in marks {
        let (x, y) = to_view(project(m.lat, place(m.lon)));
        open_link(&mut out, m.href, &m.title());
        circle(&mut out, x, y, r);
        close_link(&mut out, m.href);
    }
    out.push_str("</g></svg>");
    out
}

/// The shortest run of longitudes (west end, span in degrees) holding all of them: the circle
/// less its widest gap between neighbours.
fn longitudes(lons: impl Iterator<Item = f64>) -> (f64, f64) {
    let mut sorted: Vec<f64> = lons
        .map(|l| (l + 180.0).rem_euclid(360.0) - 180.0)
        .collect();
    sorted.sort_by(f64::total_cmp);
    let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) else {
        return (0.0, 0.0);
    };
    // The gap across the date line first, so that a tie keeps the usual view.
    let (mut gap, mut west) = (first + 360.0 - last, first);
    for pair in sorted.windows(2) {
        if pair[1] - pair[0] > gap {
            (gap, west) = (pair[1] - pair[0], pair[1]);
        }
    }
    (west, 360.0 - gap)
}

/// Points (longitude, latitude) along the great circle from `a` to `b` (latitude, longitude),
/// about every two degrees, longitudes unwrapped (they run on past ±180); empty when `a` and `b`
/// are one place.
fn great_circle(a: (f64, f64), b: (f64, f64)) -> Vec<(f64, f64)> {
    let vector = |(lat, lon): (f64, f64)| {
        let (lat, lon) = (lat.to_radians(), lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    };
    let (va, vb) = (vector(a), vector(b));
    let dot = (va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]).clamp(-1.0, 1.0);
    let angle = dot.acos();
    if !angle.is_finite() || angle < 1e-6 {
        return Vec::new();
    }
    // Antipodes have no one great circle: a straight line says as much.
    if PI - angle < 1e-6 {
        return vec![(a.1, a.0), (b.1, b.0)];
    }
    let steps = (angle.to_degrees() / 2.0).ceil().max(1.0) as usize;
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(steps + 1);
    for i in 0..=steps {
        let t = i as f64 / steps as f64;
        let (wa, wb) = (
            ((1.0 - t) * angle).sin() / angle.sin(),
            (t * angle).sin() / angle.sin(),
        );
        let v = [0, 1, 2].map(|k| wa * va[k] + wb * vb[k]);
        let lat = v[2].clamp(-1.0, 1.0).asin().to_degrees();
        let mut lon = v[1].atan2(v[0]).to_degrees();
        if let Some(&(prev, _)) = points.last() {
            lon += ((prev - lon) / 360.0).round() * 360.0;
        }
        points.push((lon, lat));
    }
    points
}

/// The route (points in the view's units) as a `<path>` ending in an arrowhead just short of
/// the receiving mark (radius `r`); broken where it would jump across the whole view.
fn route_path(out: &mut String, xy: &[(f64, f64)], r: f64) {
    out.push_str(
        "<path class=\"map-route\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" d=\"",
    );
    let mut previous: Option<(f64, f64)> = None;
    for &(x, y) in xy {
        let jump = previous.is_none_or(|(px, _)| (x - px).abs() > 180.0);
        out.push(if jump { 'M' } else { 'L' });
        num_into(out, x, 1);
        out.push(' ');
        num_into(out, y, 1);
        previous = Some((x, y));
    }
    out.push_str("\"/>");
    // The arrowhead: its tip at the mark's edge, pointing along the route's last step.
    let (Some(&(tx, ty)), Some(&(px, py))) = (xy.last(), xy.get(xy.len().wrapping_sub(2))) else {
        return;
    };
    let (dx, dy) = (tx - px, ty - py);
    let length = dx.hypot(dy);
    if !(1e-9..=180.0).contains(&length) {
        return;
    }
    let (ux, uy) = (dx / length, dy / length);
    let size = 9.0;
    let tip = (tx - ux * r, ty - uy * r);
    let base = (tip.0 - ux * size, tip.1 - uy * size);
    let half = size * 0.5;
    out.push_str("<path class=\"map-route\" fill=\"currentColor\" d=\"M");
    for (i, (x, y)) in [
        tip,
        (base.0 - uy * half, base.1 + ux * half),
        (base.0 + uy * half, base.1 - ux * half),
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            out.push('L');
        }
        num_into(out, x, 1);
        out.push(' ');
        num_into(out, y, 1);
    }
    out.push_str("Z\"/>");
}

/// The basemap at (`x`, `y`) in the map's units (left out when 0), `width` wide and half as
/// high.
fn image(out: &mut String, href: &str, x: f64, y: f64, width: f64) {
    out.push_str("<image href=\"");
    escape_into(out, href);
    out.push('"');
    let mut attribute = |name: &str, v: f64| {
        out.push_str(name);
        num_into(out, v, 1);
        out.push('"');
    };
    if x != 0.0 {
        attribute(" x=\"", x);
    }
    if y != 0.0 {
        attribute(" y=\"", y);
    }
    attribute(" width=\"", width);
    attribute(" height=\"", width / 2.0);
    out.push_str(" aria-hidden=\"true\"/>");
}

fn circle(out: &mut String, x: f64, y: f64, r: f64) {
    out.push_str("<circle cx=\"");
    num_into(out, x, 1);
    out.push_str("\" cy=\"");
    num_into(out, y, 1);
    out.push_str("\" r=\"");
    num_into(out, r, 2);
    out.push_str("\"/>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::tests::{assert_well_formed, attributes, texts};

    const HAVANA: Mark = Mark {
        name: "Havana",
        href: "../places/havana/",
        lat: 23.13,
        lon: -82.38,
        count: 42,
    };
    const MOSCOW: Mark = Mark {
        name: "Moscow",
        href: "../places/moscow/",
        lat: 55.76,
        lon: 37.62,
        count: 12,
    };
    const WASHINGTON: Mark = Mark {
        name: "Washington",
        href: "../places/washington/",
        lat: 38.9,
        lon: -77.04,
        count: 120,
    };
    const TOKYO: Mark = Mark {
        name: "Tokyo",
        href: "../places/tokyo/",
        lat: 35.68,
        lon: 139.69,
        count: 1,
    };

    /// (cx, cy, r) of every circle, in order.
    fn circles(svg: &str) -> Vec<(f64, f64, f64)> {
        let n = |v: &str| v.parse::<f64>().unwrap();
        let (cx, cy, r) = (
            attributes(svg, "cx"),
            attributes(svg, "cy"),
            attributes(svg, "r"),
        );
        (0..cx.len())
            .map(|i| (n(cx[i]), n(cy[i]), n(r[i])))
            .collect()
    }

    fn view_box(svg: &str) -> Vec<f64> {
        attributes(svg, "viewBox")[0]
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect()
    }

    #[test]
    fn projection_puts_places_where_they_are() {
        assert_eq!(project(0.0, 0.0), (180.0, 90.0));
        assert_eq!(project(90.0, -180.0), (0.0, 0.0));
        let (hx, hy) = project(HAVANA.lat, HAVANA.lon);
        let (mx, my) = project(MOSCOW.lat, MOSCOW.lon);
        let (wx, wy) = project(WASHINGTON.lat, WASHINGTON.lon);
        assert!(hx < mx, "Havana is west of Moscow");
        assert!(hy > wy, "Havana is south of Washington");
        assert!(hx < wx, "Havana is west of Washington");
        assert!(my < wy, "Moscow is north of Washington");
    }

    #[test]
    fn the_world_map_sizes_marks_by_count_and_links_them() {
        let svg = world_map(
            &[HAVANA, MOSCOW, WASHINGTON, TOKYO],
            "../static/world.svg",
            "Places",
        );
        assert_well_formed(&svg);
        assert!(svg.starts_with(
            "<svg class=\"map\" viewBox=\"0 6 360 142\" role=\"group\" aria-label=\"Places\"><image href=\"../static/world.svg\" width=\"360\" height=\"180\" aria-hidden=\"true\"/>"
        ), "{svg}");
        // Largest first; the titles carry the counts.
        assert_eq!(
            texts(&svg, "title"),
            [
                "Washington: 120 documents",
                "Havana: 42 documents",
                "Moscow: 12 documents",
                "Tokyo: 1 document"
            ]
        );
        assert_eq!(
            attributes(&svg, "href")[1..],
            [
                "../places/washington/",
                "../places/havana/",
                "../places/moscow/",
                "../places/tokyo/"
            ]
        );
        let c = circles(&svg);
        assert_eq!(c[0], (103.0, 51.1, 8.0));
        assert_eq!((c[1].0, c[1].1), (97.6, 66.9));
        // Area ∝ count: 42 of 120 → radius 8 × √0.35; one document still shows.
        assert_eq!(c[1].2, 4.73);
        assert_eq!(c[3].2, 1.5);
        assert!(svg.len() < 1000, "{} bytes", svg.len());
    }

    #[test]
    fn the_world_map_reaches_a_mark_in_antarctica() {
        let south = Mark {
            lat: -78.0,
            lon: 166.67,
            ..TOKYO
        };
        assert_eq!(
            view_box(&world_map(&[south], "w.svg", "Places")),
            [0.0, 6.0, 360.0, 171.0]
        );
        assert_eq!(
            view_box(&world_map(&[], "w.svg", "Places")),
            [0.0, 6.0, 360.0, 142.0]
        );
    }

    #[test]
    fn hostile_names_and_hrefs_are_escaped() {
        let evil = Mark {
            name: "<script>alert(\"x\")</script> & 'Co'",
            href: "a\"onmouseover=\"x&y",
            ..HAVANA
        };
        for svg in [
            world_map(&[evil], "w.svg?a=1&b=\"2\"", "<Map> & \"more\""),
            locator_map(&[evil], None, "w.svg", "Map"),
        ] {
            assert_well_formed(&svg);
            assert!(!svg.contains("<script"), "{svg}");
            assert!(svg.contains(
                "<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'Co': 42 documents</title>"
            ));
            assert!(svg.contains("href=\"a&quot;onmouseover=&quot;x&amp;y\""));
        }
    }

    #[test]
    fn maps_are_deterministic() {
        let marks = [HAVANA, MOSCOW, WASHINGTON, TOKYO];
        assert_eq!(
            world_map(&marks, "w.svg", "Places"),
            world_map(&marks, "w.svg", "Places")
        );
        // Ties in count are broken by name, whatever the order given.
        let a = Mark { count: 5, ..HAVANA };
        let b = Mark { count: 5, ..MOSCOW };
        assert_eq!(
            world_map(&[a, b], "w.svg", "Places"),
            world_map(&[b, a], "w.svg", "Places")
        );
        assert_eq!(
            locator_map(&marks, Some((0, 3)), "w.svg", "Map"),
            locator_map(&marks, Some((0, 3)), "w.svg", "Map")
        );
    }

    /// The basemap images' (x, y, width) and the scale from degrees to the view's units.
    fn images(svg: &str) -> (Vec<(f64, f64, f64)>, f64) {
        let n = |v: &str| v.parse::<f64>().unwrap();
        let (x, y, w) = (
            attributes(svg, "x"),
            attributes(svg, "y"),
            attributes(svg, "width"),
        );
        let images: Vec<(f64, f64, f64)> =
            (0..x.len()).map(|i| (n(x[i]), n(y[i]), n(w[i]))).collect();
        let k = images.first().map_or(1.0, |i| i.2 / 360.0);
        (images, k)
    }

    #[test]
    fn a_locator_map_frames_one_place_with_room_around_it() {
        let svg = locator_map(&[HAVANA], None, "../../static/world.svg", "Havana");
        assert_well_formed(&svg);
        // Always 360 × 180 units, the basemap scaled up behind: 30° × 15° around Havana, 12
        // units a degree, Havana (97.6, 66.9 on the basemap) in the middle.
        assert_eq!(view_box(&svg), [0.0, 0.0, 360.0, 180.0]);
        assert_eq!(circles(&svg), [(180.0, 90.0, 5.0)]);
        assert!(svg.contains(
            "<image href=\"../../static/world.svg\" x=\"-991.4\" y=\"-712.4\" width=\"4320\" height=\"2160\" aria-hidden=\"true\"/>"
        ), "{svg}");
        assert_eq!(texts(&svg, "title"), ["Havana: 42 documents"]);
        assert!(!svg.contains("map-route"));
        assert!(svg.len() < 500, "{} bytes: {svg}", svg.len());
        assert_eq!(locator_map(&[], None, "w.svg", "Nothing"), "");
    }

    #[test]
    fn a_locator_map_holds_all_its_places() {
        let svg = locator_map(&[HAVANA, WASHINGTON, MOSCOW], None, "w.svg", "Places");
        for (cx, cy, _) in circles(&svg) {
            assert!(cx > 0.0 && cx < 360.0 && cy > 0.0 && cy < 180.0, "{svg}");
        }
        // Havana to Moscow is 120° of longitude: the view is wider, but not the world.
        let (images, k) = images(&svg);
        assert_eq!(images.len(), 1);
        assert!(360.0 / k > 120.0 && 360.0 / k < 360.0, "{k}");
    }

    #[test]
    fn a_cable_from_havana_to_tokyo_crosses_the_pacific() {
        let svg = locator_map(&[HAVANA, TOKYO], Some((0, 1)), "w.svg", "Havana to Tokyo");
        assert_well_formed(&svg);
        let c = circles(&svg);
        let (havana, tokyo) = (c[0], c[1]);
        // Tokyo lies 138° west of Havana across the date line, not 222° east across the
        // Atlantic; so the basemap is drawn twice, once past the date line.
        let (images, k) = images(&svg);
        assert_eq!(images.len(), 2);
        assert!(
            (images[1].0 - images[0].0 - 360.0 * k).abs() < 0.15,
            "{images:?}"
        );
        assert!(tokyo.0 < havana.0);
        assert!(((havana.0 - tokyo.0) / k - 137.93).abs() < 0.2, "{c:?}");
        for (x, y, _) in &c {
            assert!((0.0..=360.0).contains(x) && (0.0..=180.0).contains(y));
        }
        // The route leaves Havana, reaches past 50° N (a great circle over North America and
        // the Bering Sea), ends in an arrowhead near Tokyo, and never jumps.
        let d = attributes(&svg, "d");
        assert_eq!(d.len(), 2, "{svg}");
        let at_havana = format!(
            "M{} {}L",
            attributes(&svg, "cx")[0],
            attributes(&svg, "cy")[0]
        );
        assert!(d[0].starts_with(&at_havana), "{}", d[0]);
        assert_eq!(d[0].matches('M').count(), 1);
        let ys: Vec<f64> = d[0]
            .split(['M', 'L'])
            .filter(|p| !p.is_empty())
            .map(|p| p.split(' ').nth(1).unwrap().parse().unwrap())
            .collect();
        let y0 = -images[0].1 / k;
        let north = 90.0 - (ys.iter().copied().fold(f64::MAX, f64::min) / k + y0);
        assert!(north > 50.0, "the route reaches {north}° N");
        assert!(d[1].starts_with('M') && d[1].ends_with('Z'));
    }

    #[test]
    fn a_route_within_one_place_draws_no_line() {
        let svg = locator_map(&[HAVANA], Some((0, 0)), "w.svg", "Havana");
        assert!(!svg.contains("map-route"));
        // An index past the marks is no route either.
        let svg = locator_map(&[HAVANA], Some((0, 3)), "w.svg", "Havana");
        assert!(!svg.contains("map-route"));
    }

    #[test]
    fn longitudes_take_the_short_way_round() {
        assert_eq!(longitudes([-82.0, 139.0].into_iter()), (139.0, 139.0));
        assert_eq!(longitudes([-82.0, 37.0].into_iter()), (-82.0, 119.0));
        assert_eq!(longitudes([10.0].into_iter()), (10.0, 0.0));
        assert_eq!(longitudes(std::iter::empty()), (0.0, 0.0));
    }
}
