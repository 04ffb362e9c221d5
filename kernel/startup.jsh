// Imports every gradflow notebook starts with. The kernel evaluates each line on its own and skips,
// without showing anything in the notebook, an import of a package that does not exist (yet).
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import org.gradflow.graph.*;
import org.gradflow.tensor.*;
import org.gradflow.nn.*;
import org.gradflow.check.*;
import org.gradflow.optim.*;
import org.gradflow.train.*;
import org.gradflow.data.*;
import org.gradflow.viz.*;
import org.knowm.xchart.*;
import org.knowm.xchart.style.markers.*;
import tech.tablesaw.api.*;
import static org.gradflow.kernel.Notebook.*;
