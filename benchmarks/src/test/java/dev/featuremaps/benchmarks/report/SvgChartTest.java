package dev.featuremaps.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static int bars(Document d) {
        NodeList rects = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        int bars = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            if (((Element) rects.item(i)).getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").getLength() == 1) {
                bars++;
            }
        }
        return bars;
    }

    @Test
    void isWellFormedSvgWithOneBarPerMeasuredRatio() throws Exception {
        List<Comparison> rows = Comparison.of(JmhResult.parse(Fixture.json()), "vector");
        Document d = parse(SvgChart.render(rows, "vector", Target.GOALS));
        assertEquals("svg", d.getDocumentElement().getLocalName());
        // Single scalar: 4 ratios; multi list: reference and roofline; dense: none (no vector result).
        assertEquals(6, bars(d));
        String text = d.getDocumentElement().getTextContent();
        assertTrue(text.contains("reference / vector") && text.contains("native / vector")
                && text.contains("roofline / vector"), text);
    }

    @Test
    void escapesNamesThatAreNotXml() throws Exception {
        List<Comparison> rows = List.of(new Comparison("a<b&c", "w\"'>", 2.0, 1.5, 1.0, 1.0, 0.5));
        String svg = SvgChart.render(rows, "v<1>", Target.GOALS);
        Document d = parse(svg);
        assertEquals(4, bars(d));
        assertTrue(d.getDocumentElement().getTextContent().contains("a<b&c"));
    }

    @Test
    void rendersAnEmptyResultSet() throws Exception {
        assertEquals(0, bars(parse(SvgChart.render(List.of(), "vector", Target.GOALS))));
    }

    @Test
    void tickStepsAreRoundNumbersWithAtMostSixIntervals() {
        for (double max : new double[] {0.3, 1, 1.1, 4.4, 9.9, 12.5, 77, 1234}) {
            double step = SvgChart.niceStep(max);
            assertTrue(max / step <= 6 + 1e-9, max + " step " + step);
            double mantissa = step / Math.pow(10, Math.floor(Math.log10(step)));
            assertTrue(List.of(1.0, 2.0, 2.5, 5.0).stream().anyMatch(m -> Math.abs(m - mantissa) < 1e-9),
                    max + " step " + step);
        }
    }
}
